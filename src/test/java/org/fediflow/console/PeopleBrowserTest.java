package org.fediflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.fediflow.testing.FakeMastodon;
import org.fediflow.testing.FakeMastodonOAuth;
import org.fediflow.testing.Http;
import org.fediflow.testing.Programs;
import org.fediflow.testing.Chromium;
import org.fediflow.testing.Slow;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Sign in with <instance>" in a real browser (Debian's chromium, headless) against a fake Mastodon that answers
 * OAuth as Mastodon's Doorkeeper does (app registration, authorization code with PKCE, verify_credentials with the
 * role's permission bits, token revocation): a forged state is refused and audited, an account without a staff role
 * gets a clear page, a moderator may look but not deploy (refused and audited), and an owner sees it all on the
 * Audit page. {@code -Dconsole.screenshots=docs/screenshots} refreshes the README's screenshot of it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "fediflow.admin.password=people-test-pw",
        "fediflow.alerts.enabled=false"})
@Slow
class PeopleBrowserTest {

    static final String AUTH = Http.basic("admin", "people-test-pw");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path SCREENSHOTS = Path.of(System.getProperty("console.screenshots", "target/screenshots"));
    static final int PORT = Programs.freePort();
    static FakeMastodon mastodon;
    static FakeMastodonOAuth oauth;
    static ChromeDriver browser;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        mastodon = new FakeMastodon();
        mastodon.instance("4.3.2", 2);
        oauth = mastodon.oauth();
        registry.add("server.port", () -> PORT);
        registry.add("fediflow.public-url", () -> "http://localhost:" + PORT);
        registry.add("fediflow.mastodon.base-url", mastodon::baseUrl);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("console-edit.bpmn").toString());
    }

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.headless(1400, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (mastodon != null) {
            mastodon.close();
        }
    }

    Http http = new Http(PORT);

    @BeforeEach
    void signedOut() {
        browser.manage().deleteAllCookies();
    }

    @Test
    void forgedStateIsRefusedWithAClearPageAndAudited() {
        open("/login");
        // A callback that no sign-in here started: a forged (or replayed) state.
        open("/login/oauth2/code/mastodon?code=stolen-code&state=forged-state");
        assertThat(text("#refusal")).contains("refused", "not started here");
        assertThat(browser.getCurrentUrl()).contains("/login?refused");
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.get("action").asString()).isEqualTo("sign-in");
            assertThat(e.get("result").asString()).startsWith("refused (Mastodon)").contains("not started here");
        });
        assertThat(http.get("/api/processes", "Cookie", "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue())
                .statusCode()).as("not signed in").isEqualTo(401);
    }

    @Test
    void accountWithoutAStaffRoleIsRefusedWithAClearPage() {
        oauth.signedIn("bob", "", 65536);
        signInWithMastodon();
        assertThat(text("h1")).isEqualTo("No access");
        assertThat(text("#refusal")).contains("@bob", "no access to Fediflow");
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.get("who").asString()).isEqualTo("@bob");
            assertThat(e.get("result").asString()).startsWith("refused");
        });
    }

    @Test
    void moderatorMayLookButNotDeployAndTheOwnerSeesItOnTheAuditPage() {
        oauth.signedIn("mira", "Moderator", FakeMastodonOAuth.MODERATOR);
        int revokedBefore = oauth.revokedTokens().size();
        signInWithMastodon();
        waitReady();
        assertThat(text("#person")).isEqualTo("@mira (moderator)");
        assertThat(oauth.pkceChecked()).as("the code was traded with its PKCE verifier").isGreaterThanOrEqualTo(1);
        assertThat(oauth.revokedTokens()).as("Fediflow keeps no Mastodon token").hasSize(revokedBefore + 1);
        assertThat(oauth.registeredScopes()).containsOnly("profile");

        open("/editor/console-edit");
        waitFor(".djs-element[data-element-id='log']");
        browser.findElement(By.id("deploy")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Not allowed"));
        assertThat(text("#status")).contains("moderators may not do this (deploy)");
        assertThat(latestVersion()).as("nothing deployed").isEqualTo(1);
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.get("who").asString()).isEqualTo("@mira");
            assertThat(e.get("action").asString()).isEqualTo("deploy");
            assertThat(e.get("result").asString()).isEqualTo("refused: moderators may not do this (deploy)");
        });

        browser.manage().deleteAllCookies();
        oauth.signedIn("olga", "Owner", FakeMastodonOAuth.OWNER);
        signInWithMastodon();
        waitReady();
        assertThat(text("#person")).isEqualTo("@olga (operator)");
        open("/audit");
        waitFor("table.audit tbody tr");
        String trail = text("table.audit");
        assertThat(trail).contains("@mira", "refused: moderators may not do this (deploy)", "@olga", "ok: Mastodon, operator");
        screenshot("audit");

        HttpResponse<String> started = http.post("/api/definitions/console-edit/start", "{\"name\":\"audit\"}",
                "Authorization", AUTH, "Content-Type", "application/json");
        String run = JSON.readTree(started.body()).get("id").asString();
        open("/runs/" + run);
        assertThat(text("#audit-section")).as("the run's page shows its audit entries")
                .contains("admin", "start", "run:" + run, "started (process console-edit)");

        open("/account");
        waitFor("#new-token input[name=name]").sendKeys("backup script");
        browser.findElement(By.cssSelector("#new-token button[type=submit]")).click();
        String secret = text("#token-secret");
        assertThat(secret).startsWith("fft_");
        assertThat(text("#tokens")).contains("backup script", "operator");
        assertThat(browser.findElements(By.id("password-form"))).as("only the local admin has a password here").isEmpty();
        assertThat(http.get("/api/me", "Authorization", "Bearer " + secret).body()).contains("\"name\":\"@olga\"");
        open("/account");
        waitFor("#tokens tr[data-token]");
        assertThat(browser.getPageSource()).as("shown once").doesNotContain(secret);
    }

    // ---- helpers ----

    void signInWithMastodon() {
        open("/login");
        WebElement button = waitFor("#sign-in-mastodon");
        assertThat(button.getText()).isEqualTo("Sign in with " + java.net.URI.create(mastodon.baseUrl()).getHost());
        button.click();
        Chromium.awaitGone(browser, button);
    }

    JsonNode[] audit() {
        HttpResponse<String> response = http.get("/api/audit", "Authorization", AUTH);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(response.body());
        JsonNode[] entries = new JsonNode[list.size()];
        for (int i = 0; i < list.size(); i++) {
            entries[i] = list.get(i);
        }
        return entries;
    }

    int latestVersion() {
        for (JsonNode d : JSON.readTree(http.get("/api/definitions", "Authorization", AUTH).body())) {
            if (d.get("key").asString().equals("console-edit")) {
                return d.get("version").asInt();
            }
        }
        return 0;
    }

    void open(String path) {
        browser.get("http://localhost:" + PORT + path);
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
            throw new AssertionError("no " + css + " on " + browser.getCurrentUrl() + ": " + browser.getPageSource(), e);
        }
    }

    String text(String css) {
        return waitFor(css).getText();
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
