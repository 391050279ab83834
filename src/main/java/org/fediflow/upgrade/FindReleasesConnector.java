package org.fediflow.upgrade;

import java.util.List;

import jakarta.validation.constraints.NotBlank;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code upgrade.find-releases}: the next stable release to roll out, from GitHub and the update-check service. */
@ConnectorInfo(id = "upgrade.find-releases", name = "Find the next Mastodon release",
        description = "Reads fediflow.upgrade.releases-url (GitHub releases; drafts and pre-releases "
        + "ignored) and fediflow.upgrade.update-check-url (?version=<running>; flags "
        + "urgent releases) and picks the next release to roll out: the latest patch of "
        + "the next minor series. Every version goes through the strict pattern "
        + "^v?\\d+\\.\\d+\\.\\d+$; anything else is refused, listed in refused and logged, "
        + "never used. GitHub unreachable, 403/429 or 5xx is retried; the update-check "
        + "service failing only loses the urgent flag (updateCheckError).")
@Component
class FindReleasesConnector implements Connector<FindReleasesConnector.Input, FindReleasesConnector.Output> {

    /** @param runningVersion what {@code /api/v2/instance} reports, e.g. {@code 4.3.1} */
    record Input(
            @Doc("What /api/v2/instance reports, e.g. 4.3.1 (build metadata such as +glitch is "
                    + "ignored)")
            @NotBlank String runningVersion) {
    }

    record Output(
            @Doc("The running release")
            String running,
            @Doc("{version, publishedAt, urgent, type, notesUrl} or null when up to date")
            Release target,
            @Doc("Every newer stable version found")
            List<String> newer,
            @Doc("Versions refused from the feeds (quoted, cut)")
            List<String> refused,
            @Doc("Why the update-check service was not read, or null")
            String updateCheckError) {
    }

    private final ReleaseFeeds feeds;

    FindReleasesConnector(ReleaseFeeds feeds) {
        this.feeds = feeds;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        Version running = Version.running(input.runningVersion()).orElseThrow(() -> new ConnectorFailure.BadInput(
                "the instance reports version " + Version.quoted(input.runningVersion()) + ", not a release number"));
        ReleaseFeeds.Found found = feeds.find(running);
        return new Output(running.toString(), found.target(), found.newer(), found.refused(), found.updateCheckError());
    }
}
