package org.fediflow.console;

import org.fediflow.testing.Chromium;
import org.fediflow.testing.Slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.fediflow.testing.FlakyConnector;
import org.fediflow.testing.Http;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console in a real browser (Debian's chromium, headless, through chromium-driver): login, a failed run red on
 * its diagram and retried to completion, and a diagram edited, validated, deployed and restored in the modeler.
 * Screenshots of the main pages go to target/screenshots/; {@code -Dconsole.screenshots=docs/screenshots} refreshes
 * the README's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=console-test-pw",
        "fediflow.alerts.enabled=false",
        "flowable.process.async.executor.default-timer-job-acquire-wait-time=500ms"})
@Slow
class ConsoleBrowserTest {

    static final String AUTH = Http.basic("admin", "console-test-pw");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path SCREENSHOTS = Path.of(System.getProperty("console.screenshots", "target/screenshots"));
    static Path bpmnDir;
    static ChromeDriver browser;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        bpmnDir = TestDiagrams.folderWith("flaky-steps.bpmn", "console-edit.bpmn");
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", bpmnDir::toString);
    }

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.headless(1400, 1000);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void signedOut() {
        http = new Http(port);
        browser.manage().deleteAllCookies();
    }

    @Test
    void wrongPasswordIsRefusedAndTheAdminSeesTheDashboard() {
        open("/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        signIn("wrong-password");
        assertThat(browser.getCurrentUrl()).contains("/login?error");
        assertThat(text(".error")).contains("Wrong user name or password");

        signIn("console-test-pw");
        waitReady();
        assertThat(browser.getCurrentUrl()).isIn(url("/"), url("/?continue"));
        assertThat(text("#process-table")).contains("test-flaky", "console-edit");
        screenshot("dashboard");

        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
    }

    @Test
    void sessionCallsNeedTheCsrfTokenAndTheApiStillAnswers401WithoutLogin() {
        loggedIn();
        String cookie = "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue();
        assertThat(http.get("/api/processes", "Cookie", cookie).statusCode()).isEqualTo(200);
        // A forged cross-site call would carry the cookie but cannot know the token.
        assertThat(http.post("/api/processes/test-flaky/elements/call/retry", "", "Cookie", cookie).statusCode())
                .isEqualTo(403);
        assertThat(http.post("/logout", "", "Cookie", cookie).statusCode()).isEqualTo(403);
        assertThat(http.get("/api/processes", "Cookie", cookie).statusCode()).as("still signed in").isEqualTo(200);
        HttpResponse<String> anonymous = http.post("/api/processes/test-flaky/elements/call/retry", "");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Location")).isEmpty();
        assertThat(http.get("/runs").statusCode()).as("pages redirect to the login").isEqualTo(302);
    }

    @Test
    void failedRunIsRedOnItsDiagramAndRetryCompletesIt() {
        String key = UUID.randomUUID().toString();
        String id = startFlaky(key, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/instances/" + id).get("state").asString().equals("failed"));

        loggedIn();
        open("/processes/test-flaky");
        waitFor("[data-incidents='call']");
        assertThat(Integer.parseInt(text("[data-incidents='call']"))).isGreaterThanOrEqualTo(1);
        screenshot("process");

        open("/runs?definition=test-flaky&state=failed");
        waitFor("tr[data-run='" + id + "']");
        screenshot("runs");

        open("/runs/" + id);
        waitFor(".djs-element.incident[data-element-id='call']");
        assertThat(browser.findElements(By.cssSelector(".djs-element.done[data-element-id='start']"))).hasSize(1);
        assertThat(text("#run-state")).isEqualTo("failed");
        assertThat(text("section.incident .message")).contains("temporarily down on call 3");
        // The inputs as evaluated (the key's value, not ${key}) and the last try's error.
        assertThat(text("tr[data-step='call']")).contains("test.flaky", key, "temporarily down on call 3");
        screenshot("run-incident");

        browser.findElement(By.cssSelector("section.incident button.retry")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(
                ExpectedConditions.textToBe(By.cssSelector("#run-state"), "completed"));
        waitReady();
        assertThat(browser.findElements(By.cssSelector(".djs-element.incident"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector(".djs-element.done[data-element-id='done']"))).hasSize(1);
        assertThat(text("tr[data-step='call']")).contains("\"calls\": 4");
        assertThat(FlakyConnector.calls(key)).isEqualTo(4);
    }

    @Test
    void cancelEndsAFailedRun() {
        String id = startFlaky(UUID.randomUUID().toString(), 99);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/instances/" + id).get("state").asString().equals("failed"));
        loggedIn();
        open("/runs/" + id);
        browser.findElement(By.id("cancel")).click();
        browser.switchTo().alert().accept();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(
                ExpectedConditions.textToBe(By.cssSelector("#run-state"), "cancelled"));
        assertThat(get("/api/instances/" + id).get("state").asString()).isEqualTo("cancelled");
    }

    @Test
    void stepAddedInTheModelerIsValidatedDeployedAndTheOldVersionRestored() throws IOException {
        loggedIn();
        open("/editor/console-edit");
        waitFor(".djs-element[data-element-id='log']");
        browser.findElement(By.cssSelector(".djs-element[data-element-id='log'] .djs-hit")).click();
        waitFor(".djs-context-pad .entry[data-action='append.append-task']").click();
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        WebElement name = waitFor("#prop-name");
        String newId = browser.findElement(By.cssSelector("#properties input[readonly]")).getDomProperty("value");
        assertThat(newId).isNotEqualTo("log");
        name.sendKeys("Call the flaky system", Keys.TAB);
        new Select(waitFor("#prop-connector")).selectByValue("test.flaky");
        waitFor("[data-input='key']");

        browser.findElement(By.id("validate")).click();
        waitFor("[data-problem='" + newId + "']");
        assertThat(browser.findElements(By.cssSelector(".djs-element.problem[data-element-id='" + newId + "']"))).hasSize(1);
        assertThat(text("ul.problems")).contains(newId);
        screenshot("editor-problems");

        browser.findElement(By.cssSelector("[data-input='key']")).sendKeys("${name}", Keys.TAB);
        browser.findElement(By.cssSelector("[data-input='failures']")).sendKeys("0", Keys.TAB);
        browser.findElement(By.id("validate")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "No problems"));
        assertThat(browser.findElements(By.cssSelector(".djs-element.problem"))).isEmpty();

        browser.findElement(By.id("deploy")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Deployed console-edit version 2"));
        assertThat(Files.readString(bpmnDir.resolve("console-edit.bpmn"))).contains("Call the flaky system", "test.flaky");
        assertThat(latestVersion("console-edit")).isEqualTo(2);
        waitFor("tr[data-version='2'] button.show-diff").click();
        waitFor("ul.element-diff li.added");
        assertThat(browser.findElements(By.cssSelector("ul.element-diff li.added")).stream().map(WebElement::getText))
                .anyMatch(line -> line.contains("added Call the flaky system (" + newId + ") · ServiceTask"));
        screenshot("editor");

        waitFor("tr[data-version='1'] button.restore").click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Restored version 1 as version 3"));
        assertThat(latestVersion("console-edit")).isEqualTo(3);
        String restored = Files.readString(bpmnDir.resolve("console-edit.bpmn"));
        assertThat(restored).doesNotContain("Call the flaky system").isEqualTo(TestDiagrams.read("console-edit.bpmn"));
        waitFor("tr[data-version='3']");
        assertThat(browser.findElements(By.cssSelector(".djs-element[data-element-id='" + newId + "']"))).isEmpty();
    }

    @Test
    void backupsPageSaysNotConfiguredAndUpgradesListsRuns() {
        loggedIn();
        open("/backups");
        if (http.get("/api/backups", "Authorization", AUTH).statusCode() == 404) {
            assertThat(waitFor("#not-configured").getText()).contains("not configured");
        }
        screenshot("backups");
        open("/upgrades");
        assertThat(text("#upgrades")).contains("release-watch", "upgrade-rollout");
    }

    // ---- helpers ----

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void open(String path) {
        browser.get(url(path));
        waitReady();
    }

    void waitReady() {
        if (browser.getCurrentUrl().contains("/login")) {
            return;
        }
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

    void signIn(String password) {
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys(password);
        WebElement button = browser.findElement(By.id("sign-in"));
        button.click();
        // The click only starts the form post: wait until the login page it was on has gone.
        Chromium.awaitGone(browser, button);
    }

    void loggedIn() {
        browser.get(url("/login"));
        signIn("console-test-pw");
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

    JsonNode get(String path) {
        HttpResponse<String> response = http.get(path, "Authorization", AUTH);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    int latestVersion(String key) {
        for (JsonNode d : get("/api/definitions")) {
            if (d.get("key").asString().equals(key)) {
                return d.get("version").asInt();
            }
        }
        return 0;
    }

    String startFlaky(String key, int failures) {
        HttpResponse<String> response = http.post("/api/definitions/test-flaky/start",
                "{\"key\":\"" + key + "\",\"failures\":" + failures + ",\"kind\":\"temporary\"}",
                "Authorization", AUTH, "Content-Type", "application/json");
        assertThat(response.statusCode()).isEqualTo(201);
        return JSON.readTree(response.body()).get("id").asString();
    }
}
