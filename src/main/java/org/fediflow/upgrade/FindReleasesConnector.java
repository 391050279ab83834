package org.fediflow.upgrade;

import java.util.List;

import jakarta.validation.constraints.NotBlank;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code upgrade.find-releases}: the next stable release to roll out, from GitHub and the update-check service. */
@Component
class FindReleasesConnector implements Connector<FindReleasesConnector.Input, FindReleasesConnector.Output> {

    /** @param runningVersion what {@code /api/v2/instance} reports, e.g. {@code 4.3.1} */
    record Input(@NotBlank String runningVersion) {
    }

    record Output(String running, Release target, List<String> newer, List<String> refused, String updateCheckError) {
    }

    private final ReleaseFeeds feeds;

    FindReleasesConnector(ReleaseFeeds feeds) {
        this.feeds = feeds;
    }

    @Override
    public String id() {
        return "upgrade.find-releases";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        Version running = Version.running(input.runningVersion()).orElseThrow(() -> new ConnectorFailure.BadInput(
                "the instance reports version " + Version.quoted(input.runningVersion()) + ", not a release number"));
        ReleaseFeeds.Found found = feeds.find(running);
        return new Output(running.toString(), found.target(), found.newer(), found.refused(), found.updateCheckError());
    }
}
