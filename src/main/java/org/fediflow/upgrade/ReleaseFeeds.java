package org.fediflow.upgrade;

import org.fediflow.shared.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.shared.Lazy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the two release feeds: GitHub's releases of mastodon/mastodon (drafts and pre-releases ignored) and
 * Mastodon's update-check service ({@code {"updatesAvailable":[{"version","urgent","type","releaseNotes"}]}}), and
 * picks the next release to roll out. Every version from a feed goes through {@link Version#stable}; anything else
 * is refused and reported, never used.
 */
@Component
class ReleaseFeeds {

    private static final Logger log = LoggerFactory.getLogger(ReleaseFeeds.class);
    private static final JsonMapper JSON = Json.MAPPER;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern PRE_RELEASE = Pattern.compile("^v?\\d{1,4}\\.\\d{1,4}\\.\\d{1,4}-(alpha|beta|rc)(\\.\\d{1,4})?$");

    private final UpgradeProperties properties;
    private final Clock clock;
    private final Lazy<HttpClient> http = new Lazy<>(HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)::build);

    ReleaseFeeds(UpgradeProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param target         the release to roll out next, or null when the server is up to date
     * @param newer          every newer stable release found, ascending
     * @param refused        what the feeds offered that is not a stable release number (quoted, cut)
     * @param updateCheckError why the update-check service could not be read, or null
     */
    record Found(Release target, List<String> newer, List<String> refused, String updateCheckError) {
    }

    private record Seen(Version version, Instant publishedAt, boolean urgent, String notesUrl) {
    }

    Found find(Version running) {
        Map<Version, Seen> seen = new TreeMap<>();
        List<String> refused = new ArrayList<>();
        for (JsonNode release : get(properties.releasesUrl(), "GitHub releases")) {
            if (release.path("draft").asBoolean(false) || release.path("prerelease").asBoolean(false)) {
                continue;
            }
            String tag = release.path("tag_name").asString(null);
            Optional<Version> version = Version.stable(tag);
            if (version.isEmpty()) {
                refuse(refused, "GitHub release", tag);
                continue;
            }
            if (version.get().compareTo(running) > 0) {
                seen.put(version.get(), new Seen(version.get(), instant(release.path("published_at").asString(null)),
                        false, release.path("html_url").asString(null)));
            }
        }
        String updateCheckError = null;
        if (properties.updateCheckUrl() != null && !properties.updateCheckUrl().isBlank()) {
            try {
                String url = properties.updateCheckUrl() + (properties.updateCheckUrl().contains("?") ? "&" : "?")
                        + "version=" + URLEncoder.encode(running.toString(), StandardCharsets.UTF_8);
                for (JsonNode update : get(url, "the update-check service").path("updatesAvailable")) {
                    String text = update.path("version").asString(null);
                    Optional<Version> version = Version.stable(text);
                    if (version.isEmpty()) {
                        refuse(refused, "update-check", text);
                        continue;
                    }
                    if (version.get().compareTo(running) <= 0) {
                        continue;
                    }
                    boolean urgent = update.path("urgent").asBoolean(false);
                    Seen known = seen.get(version.get());
                    seen.put(version.get(), new Seen(version.get(),
                            known != null ? known.publishedAt() : clock.instant(), urgent,
                            known != null && known.notesUrl() != null ? known.notesUrl()
                                    : update.path("releaseNotes").asString(null)));
                }
            } catch (ConnectorFailure e) {
                // The release watch still works from GitHub alone; the urgent flag is what is missing.
                updateCheckError = e.getMessage();
                log.warn("Update-check service not read, releases are not flagged urgent this time: {}", e.getMessage());
            }
        }
        List<Seen> newer = seen.values().stream().sorted(Comparator.comparing(Seen::version)).toList();
        List<String> newerVersions = newer.stream().map(s -> s.version().toString()).toList();
        if (newer.isEmpty()) {
            return new Found(null, newerVersions, refused, updateCheckError);
        }
        // One minor series at a time (Mastodon's rule: deploy at least one release of every minor series), the
        // latest patch of the next series; urgency carries over from any release it includes.
        Version first = newer.get(0).version();
        Seen target = newer.stream().filter(s -> s.version().sameMinor(first)).reduce((a, b) -> b).orElseThrow();
        boolean urgent = newer.stream().filter(s -> s.version().compareTo(target.version()) <= 0).anyMatch(Seen::urgent);
        String type = target.version().major() != running.major() ? "major"
                : target.version().minor() != running.minor() ? "minor" : "patch";
        Release release = new Release(target.version().toString(), target.publishedAt().toString(), urgent, type,
                target.notesUrl() != null ? target.notesUrl()
                        : "https://github.com/mastodon/mastodon/releases/tag/" + target.version().tag());
        return new Found(release, newerVersions, refused, updateCheckError);
    }

    private static void refuse(List<String> refused, String feed, String text) {
        if (text == null || PRE_RELEASE.matcher(text).matches()) {
            return; // not for us, and harmless: pre-releases are simply not rolled out
        }
        log.warn("Refused version {} from {}: not a stable release number", Version.quoted(text), feed);
        refused.add(feed + ": " + Version.quoted(text));
    }

    private Instant instant(String text) {
        try {
            return text == null ? clock.instant() : Instant.parse(text);
        } catch (RuntimeException e) {
            return clock.instant();
        }
    }

    private JsonNode get(String url, String what) {
        HttpResponse<String> response;
        try {
            response = http.get().send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Accept", "application/json").header("User-Agent", "fediflow-release-watch").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectorFailure.Temporary(what + " not reachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorFailure.Temporary(what + ": interrupted", e);
        }
        int status = response.statusCode();
        if (status == 429 || status == 403 || status >= 500) {
            throw new ConnectorFailure.Temporary(what + " answered " + status);
        }
        if (status != 200) {
            throw new ConnectorFailure.BadInput(what + " answered " + status + " at " + url);
        }
        try {
            return JSON.readTree(response.body());
        } catch (RuntimeException e) {
            throw new ConnectorFailure.BadInput(what + " did not answer JSON at " + url);
        }
    }
}
