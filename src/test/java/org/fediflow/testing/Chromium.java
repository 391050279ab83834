package org.fediflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium through its chromedriver, a fresh profile each time, for the console's browser tests. */
public final class Chromium {

    private Chromium() {
    }

    public static ChromeDriver headless(int width, int height) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        try {
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=" + width + "," + height,
                    "--user-data-dir=" + Files.createTempDirectory("fediflow-chromium-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChromeDriver(service, options);
    }

    /**
     * Waits until a page the element was on has gone, as after a click that posts a form. Selenium's
     * {@code stalenessOf} expects a stale-element error, but while the old document is torn down chromedriver may
     * answer "Node with given id does not belong to the document" instead, which is the same news.
     */
    public static void awaitGone(WebDriver browser, WebElement element) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException e) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }
}
