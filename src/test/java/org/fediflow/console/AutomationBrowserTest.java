package org.fediflow.console;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.fediflow.testing.FakeMastodon;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.Chromium;
import org.fediflow.testing.Slow;
import org.fediflow.testing.TestDiagrams;
import org.fediflow.testing.Webhooks;
import org.fediflow.workflow.DiagramTextTest;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An operator builds three automations from blank diagrams using only the console, in a real browser: (1) Uptime
 * Kuma monitor down → Slack, (2) every day at 09:00 → sign-ups from Mastodon → Slack, (3) report created → legal to
 * Slack, anything else to an HTTP endpoint. Dry-runs (1) on a pasted payload (Slack not called), deploys and enables
 * all three, delivers the webhooks and sees runs and posts, disables (1) and sees the next delivery reach no diagram,
 * enables it and replays that delivery. Screenshots for the README go to target/screenshots/ (or
 * {@code -Dconsole.screenshots=docs/screenshots}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=automation-test-pw",
        "fediflow.alerts.enabled=false",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.mastodon.webhook-secret=" + AutomationBrowserTest.MASTODON_SECRET,
        "fediflow.mastodon.access-token=" + FakeMastodon.TOKEN,
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.signing-secret=automation-signing-secret",
        "fediflow.slack.channels.ops=C0OPS",
        "fediflow.slack.channels.moderation=C0MODERATE",
        "fediflow.sources.uptime-kuma.auth=none",
        "fediflow.sources.uptime-kuma.allowed-ips=127.0.0.1,::1",
        "fediflow.sources.uptime-kuma.event-pointer=/heartbeat/status",
        "fediflow.credentials.reports-api.type=bearer",
        "fediflow.credentials.reports-api.token=reports-api-token-0123",
        "fediflow.workflow.retry-wait=1s",
        "fediflow.time-zone=Europe/Berlin"})
@Slow
class AutomationBrowserTest {

    static final String MASTODON_SECRET = "automation-mastodon-secret";
    static final String AUTH = Http.basic("admin", "automation-test-pw");
    static final Path SCREENSHOTS = Path.of(System.getProperty("console.screenshots", "target/screenshots"));
    static final FakeSlack SLACK = new FakeSlack();
    static final FakeMastodon MASTODON = new FakeMastodon();
    static final WireMockServer ENDPOINT = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static ChromeDriver browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENDPOINT.start();
        ENDPOINT.stubFor(post(urlPathEqualTo("/reports")).willReturn(okJson("{\"received\":true}")));
        MASTODON.server().stubFor(post(urlPathEqualTo("/api/v1/admin/measures")).willReturn(okJson(
                "[{\"key\":\"new_users\",\"unit\":null,\"total\":\"7\",\"data\":[]}]")));
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> folder().toString());
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
        registry.add("fediflow.mastodon.base-url", MASTODON::baseUrl);
    }

    static Path folder;

    static synchronized Path folder() {
        if (folder == null) {
            folder = TestDiagrams.folderWith();
        }
        return folder;
    }

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.headless(1400, 1000);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        SLACK.close();
        MASTODON.close();
        ENDPOINT.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    RepositoryService repository;
    @Autowired
    ManagementService management;

    @Test
    void threeAutomationsBuiltTriedSwitchedAndReplayedInTheConsole() throws IOException {
        Http http = new Http(port);
        signIn();

        // (1) Uptime Kuma monitor down → Slack
        newAutomation("Monitor down to Slack", "monitor-down-to-slack");
        clickElement("start");
        new Select(waitFor("#prop-trigger")).selectByValue("event");
        new Select(waitFor("#prop-source")).selectByValue("uptime-kuma");
        type("#prop-event", "0");
        assertThat(text("#prop-message")).isEqualTo("uptime-kuma.0");
        screenshot("editor-trigger");
        String post = append("start", "append.append-task");
        type("#prop-name", "Tell ops");
        new Select(waitFor("#prop-connector")).selectByValue("slack.post-message");
        type("[data-input='channel']", "ops");
        type("[data-input='text']", ":red_circle: ${payload.monitor.name} is down: ${payload.heartbeat.msg}\nSee the status page.");
        append(post, "append.end-event");

        click("#dry-run");
        type("#dry-run-payload", "{\"heartbeat\":{\"status\":0,\"msg\":\"timeout\"},\"monitor\":{\"name\":\"web\"}}");
        click("#dry-run-read-only");
        click("#dry-run-go");
        assertThat(waitFor("[data-dry-step='" + post + "'] [data-dry-input='text']").getDomProperty("textContent"))
                .isEqualTo(":red_circle: web is down: timeout\nSee the status page.");
        assertThat(text("[data-dry-step='" + post + "']")).contains("not called: it could change something");
        assertThat(SLACK.requests("chat.postMessage")).as("a dry run posts nothing, read-only steps ticked or not").isEmpty();
        browser.executeScript("document.getElementById('dry-run-panel').scrollIntoView()");
        screenshot("dry-run");
        deployAndEnable("monitor-down-to-slack");
        // A multi-line text keeps its line breaks in the file and in the editor opened again.
        assertThat(Files.readString(folder().resolve("monitor-down-to-slack.bpmn"))).contains("${payload.heartbeat.msg}&#10;See the status page.");
        open("/editor/monitor-down-to-slack");
        clickElement(post);
        assertThat(waitFor("[data-input='text']").getDomProperty("value"))
                .isEqualTo(":red_circle: ${payload.monitor.name} is down: ${payload.heartbeat.msg}\nSee the status page.");

        // (2) every day at 09:00 → count of sign-ups from Mastodon → Slack
        newAutomation("Daily sign-ups to Slack", "daily-sign-ups-to-slack");
        clickElement("start");
        new Select(waitFor("#prop-trigger")).selectByValue("timer");
        type("#prop-timer", "0 9 * * *");
        waitFor("#timer-preview li:nth-child(4)");
        assertThat(browser.findElements(By.cssSelector("#timer-preview li:not(.muted)"))).hasSize(3)
                .allSatisfy(firing -> assertThat(firing.getText()).contains(" 09:00"));
        assertThat(text("#timer-preview")).contains("Next firings (Europe/Berlin)");
        screenshot("editor-timer");
        String measures = append("start", "append.append-task");
        type("#prop-name", "Count sign-ups");
        new Select(waitFor("#prop-connector")).selectByValue("mastodon.request");
        type("[data-input='path']", "/api/v1/admin/measures");
        new Select(waitFor("[data-input='method']")).selectByValue("POST");
        type("[data-input='body']", "{\"keys\":[\"new_users\"],\"start_at\":\"2026-11-30\",\"end_at\":\"2026-11-30\"}");
        type("[data-input='resultVariable']", "measures");
        String tell = append(measures, "append.append-task");
        type("#prop-name", "Post the count");
        new Select(waitFor("#prop-connector")).selectByValue("slack.post-message");
        type("[data-input='channel']", "ops");
        type("[data-input='text']", "New sign-ups yesterday: ${measures.body[0].total}");
        append(tell, "append.end-event");
        deployAndEnable("daily-sign-ups-to-slack");

        // (3) report created → legal to Slack, anything else to an HTTP endpoint
        newAutomation("Reports by category", "reports-by-category");
        clickElement("start");
        new Select(waitFor("#prop-trigger")).selectByValue("event");
        new Select(waitFor("#prop-source")).selectByValue("mastodon");
        type("#prop-event", "report.created");
        String gateway = append("start", "append.gateway");
        type("#prop-name", "Legal?");
        String legal = append(gateway, "append.append-task");
        type("#prop-name", "Tell the moderators");
        new Select(waitFor("#prop-connector")).selectByValue("slack.post-message");
        type("[data-input='channel']", "moderation");
        type("[data-input='text']", "Legal report ${payload.object.id}");
        append(legal, "append.end-event");
        String other = append(gateway, "append.append-task");
        type("#prop-name", "Call the reports endpoint");
        new Select(waitFor("#prop-connector")).selectByValue("http.request");
        type("[data-input='url']", ENDPOINT.baseUrl() + "/reports");
        new Select(waitFor("[data-input='method']")).selectByValue("POST");
        type("[data-input='body']", "{\"report\":\"${payload.object.id}\"}");
        new Select(waitFor("[data-input='credential']")).selectByValue("reports-api");
        append(other, "append.end-event");
        click("#validate");
        waitFor("[data-problem='" + gateway + "']");
        assertThat(text("ul.problems")).contains("cannot choose");
        screenshot("editor-gateway-problem");
        clickElement(gateway);
        new Select(waitFor("#prop-gateway-default")).selectByVisibleText(
                browser.findElement(By.cssSelector("[data-flow-target='Call the reports endpoint']")).getDomAttribute("data-select-flow")
                        + " → Call the reports endpoint");
        click("[data-flow-target='Tell the moderators']");
        type("#prop-condition", "${payload.object.category == 'legal'}");
        screenshot("editor-condition");
        deployAndEnable("reports-by-category");

        open("/");
        waitFor("tr[data-process='monitor-down-to-slack'][data-enabled='true']");
        waitFor("tr[data-process='reports-by-category'][data-enabled='true']");
        assertThat(text("tr[data-process='daily-sign-ups-to-slack']")).doesNotContain("—");
        screenshot("dashboard-automations");

        // The timer as drawn is the engine's: due at 09:00 Berlin time; made due now, it counts and posts.
        var daily = repository.createProcessDefinitionQuery().processDefinitionKey("daily-sign-ups-to-slack").latestVersion()
                .singleResult();
        var timer = management.createTimerJobQuery().processDefinitionId(daily.getId()).singleResult();
        assertThat(timer.getDuedate().toInstant().atZone(java.time.ZoneId.of("Europe/Berlin")).toLocalTime())
                .isEqualTo(java.time.LocalTime.of(9, 0));
        management.moveTimerToExecutableJob(timer.getId());
        await().atMost(Duration.ofSeconds(30)).until(() -> posted("New sign-ups yesterday: 7"));

        // The webhooks arrive: runs start and post.
        String down = "{\"heartbeat\":{\"status\":0,\"msg\":\"timeout\"},\"monitor\":{\"name\":\"web\"}}";
        assertThat(http.post("/webhooks/uptime-kuma", down, "Content-Type", "application/json").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> posted("web is down"));
        deliverReport(http, "9001", "legal");
        deliverReport(http, "9002", "spam");
        await().atMost(Duration.ofSeconds(30)).until(() -> posted("Legal report 9001"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !ENDPOINT.findAll(postRequestedFor(urlPathEqualTo("/reports"))).isEmpty());
        assertThat(posted("9002")).isFalse();
        open("/deliveries");
        assertThat(text("#delivery-table")).contains("started 1 run");
        waitFor("tr[data-outcome='started'] a.run");
        screenshot("deliveries");

        // Switched off, (1) takes nothing; switched on, the same delivery replayed starts it.
        open("/");
        click("tr[data-process='monitor-down-to-slack'] button.toggle");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-process='monitor-down-to-slack']"), "off"));
        String again = "{\"heartbeat\":{\"status\":0,\"msg\":\"timeout again\"},\"monitor\":{\"name\":\"db\"}}";
        http.post("/webhooks/uptime-kuma", again, "Content-Type", "application/json");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            open("/deliveries?outcome=no-listener");
            return !browser.findElements(By.cssSelector("tr[data-outcome='no-listener']")).isEmpty();
        });
        assertThat(text("tr[data-outcome='no-listener']")).contains("no diagram listens");
        open("/");
        click("tr[data-process='monitor-down-to-slack'] button.toggle");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-process='monitor-down-to-slack']"), "Disable"));
        open("/deliveries?outcome=no-listener");
        click("tr[data-outcome='no-listener'] button.replay");
        waitFor("#delivery-body");
        await().atMost(Duration.ofSeconds(30)).until(() -> posted("db is down"));
        screenshot("delivery-replayed");
    }

    @Test
    void aOneFieldChangeInTheEditorIsAOneLineChangeOfTheFileWithItsCommentsKept() throws Exception {
        Http http = new Http(port);
        byte[] example = Files.readAllBytes(DiagramTextTest.EXAMPLE);
        assertThat(http.post("/api/definitions?name=uptime-kuma-to-slack.bpmn", new String(example, StandardCharsets.UTF_8),
                "Authorization", AUTH, "Content-Type", "application/xml").statusCode()).isEqualTo(201);
        try {
            editChannelOfTheExample(example);
        } finally {
            // It listens for what the other test delivers.
            http.delete("/api/definitions/uptime-kuma-to-slack", "Authorization", AUTH);
        }
    }

    void editChannelOfTheExample(byte[] example) throws IOException {
        signIn();
        open("/editor/uptime-kuma-to-slack");
        clickElement("postDown");
        type("[data-input='channel']", "moderation");
        click("#deploy");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("status"), "Deployed uptime-kuma-to-slack version 2"));

        byte[] saved = Files.readAllBytes(folder().resolve("uptime-kuma-to-slack.bpmn"));
        assertThat(DiagramTextTest.changedLines(example, saved)).containsExactly(
                "-        <flowable:field name=\"channel\" stringValue=\"ops\"/>",
                "+        <flowable:field name=\"channel\" stringValue=\"moderation\"/>");
    }

    // ---- helpers ----

    /** Whether a Slack post's text holds this (the SDK posts a form, so the raw body has it encoded). */
    static boolean posted(String text) {
        return SLACK.requests("chat.postMessage").stream()
                .anyMatch(r -> FakeSlack.form(r).getOrDefault("text", "").contains(text));
    }

    void newAutomation(String name, String key) {
        open("/");
        click("#new-automation");
        type("#new-name", name);
        assertThat(waitFor("#new-key").getDomProperty("value")).isEqualTo(key);
        if (key.startsWith("monitor")) {
            screenshot("new-automation");
        }
        click("#create");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/editor/" + key));
        waitReady();
        waitFor(".djs-element[data-element-id='start']");
    }

    void deployAndEnable(String key) {
        click("#deploy-enable");
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("status"), "Deployed " + key + " version 1 and enabled"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not deployed: " + browser.findElement(By.id("status")).getText() + " "
                    + browser.findElement(By.id("problems")).getText(), e);
        }
    }

    void deliverReport(Http http, String id, String category) {
        String body = Webhooks.mastodonEvent("report.created", "{\"id\":\"" + id + "\",\"category\":\"" + category
                + "\",\"comment\":\"see\",\"action_taken\":false}");
        assertThat(http.post("/webhooks/mastodon", body, "Content-Type", "application/json",
                "X-Hub-Signature", Webhooks.mastodonSignature(MASTODON_SECRET, body)).statusCode()).isEqualTo(200);
    }

    /** Appends from an element through its context pad; returns the new element's id (it is selected). */
    String append(String from, String action) {
        clickElement(from);
        waitFor(".djs-context-pad .entry[data-action='" + action + "']").click();
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        WebElement id = waitFor("#properties input[readonly]");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !from.equals(id.getDomProperty("value")));
        return id.getDomProperty("value");
    }

    /** Selects an element on the canvas (already selected: nothing to do), as an operator clicks it. */
    void clickElement(String id) {
        for (int attempt = 0; attempt < 3 && !selected(id); attempt++) {
            WebElement hit = waitFor(".djs-element[data-element-id='" + id + "'] .djs-hit");
            new Actions(browser).moveToElement(hit).click().perform();
            try {
                new WebDriverWait(browser, Duration.ofSeconds(3)).until(d -> selected(id));
            } catch (org.openqa.selenium.TimeoutException e) {
                new Actions(browser).sendKeys(Keys.ESCAPE).perform();
            }
        }
        assertThat(selected(id)).as("element " + id + " selected").isTrue();
    }

    boolean selected(String id) {
        return browser.findElements(By.cssSelector("#properties input[readonly]")).stream()
                .anyMatch(e -> id.equals(e.getDomProperty("value")));
    }

    void type(String css, String text) {
        WebElement field = waitFor(css);
        field.clear();
        field.sendKeys(text, Keys.TAB);
    }

    void click(String css) {
        waitFor(css).click();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void open(String path) {
        browser.get(url(path));
        waitReady();
    }

    void waitReady() {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(
                ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    }

    WebElement waitFor(String css) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(20)).until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
        } catch (org.openqa.selenium.TimeoutException e) {
            var status = browser.findElements(By.id("status"));
            throw new AssertionError("no " + css + " on " + browser.getCurrentUrl() + "; the page says: "
                    + (status.isEmpty() ? "-" : status.get(0).getText()), e);
        }
    }

    String text(String css) {
        return waitFor(css).getText();
    }

    void signIn() {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("automation-test-pw");
        WebElement button = browser.findElement(By.id("sign-in"));
        button.click();
        Chromium.awaitGone(browser, button);
        waitReady();
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
