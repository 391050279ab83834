package org.fediflow.donations;

import java.time.Duration;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public funding summary: JSON for scripts, a small self-contained page for the server's website. */
@RestController
class FundingController {

    // Public and identical for everyone: let browsers and proxies keep it a minute.
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofSeconds(60)).cachePublic();

    private final FundingSummary summary;

    FundingController(FundingSummary summary) {
        this.summary = summary;
    }

    @GetMapping(path = "/api/funding", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<FundingSummary.Summary> json() {
        return ResponseEntity.ok().cacheControl(CACHE).body(summary.now());
    }

    @GetMapping(path = "/funding", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page() {
        return ResponseEntity.ok().cacheControl(CACHE).contentType(new MediaType("text", "html",
                java.nio.charset.StandardCharsets.UTF_8)).body(FundingPage.render(summary.now()));
    }
}
