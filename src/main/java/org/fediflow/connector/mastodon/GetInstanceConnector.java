package org.fediflow.connector.mastodon;

import org.fediflow.shared.Json;
import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/** Reads the instance's version and API level ({@code GET /api/v2/instance}), e.g. before an upgrade. */
@ConnectorInfo(id = "mastodon.get-instance", name = "Read the instance version",
        description = "Reads GET /api/v2/instance (public, sent without the token): the version and "
        + "api_versions.mastodon. " + MastodonDocs.FAILURES,
        readOnly = true)
@Component
public class GetInstanceConnector implements Connector<GetInstanceConnector.Input, GetInstanceConnector.Output> {

    /** No inputs: the instance is {@code fediflow.mastodon.base-url}. */
    public record Input() {
    }

    /**
     * @param version    as reported, e.g. {@code 4.5.0-nightly.2025-07-11} (may carry {@code +fork} build metadata)
     * @param apiVersion {@code api_versions.mastodon} (4.3+), null on older servers; prefer it for capability checks
     */
    public record Output(
            @Doc("The instance's domain")
            String domain,
            @Doc("Its title")
            String title,
            @Doc("e.g. 4.5.0 (may carry +fork build metadata)")
            String version,
            @Doc("api_versions.mastodon (4.3+), null before")
            Integer apiVersion,
            @Doc("The whole Instance")
            JsonNode json) {
    }

    private final MastodonClient client;

    public GetInstanceConnector(MastodonClient client) {
        this.client = client;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        JsonNode instance = client.instance();
        JsonNode api = instance.path("api_versions").path("mastodon");
        Integer apiVersion = api.isNumber() ? api.asInt() : null;
        return new Output(Json.text(instance, "domain"), Json.text(instance, "title"),
                Json.text(instance, "version"), apiVersion, instance);
    }
}
