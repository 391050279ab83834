package org.fediflow.donations;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.mastodon.MastodonClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code donations.thank}: a direct message to the donor's Mastodon handle, only when the operator turned it on.
 * Sent like {@code mastodon.post-status}, with the step's idempotency key, so a retried step does not thank twice.
 */
@ConnectorInfo(id = "donations.thank", name = "Thank a donor on Mastodon",
        description = "Sends a direct status mentioning the donor's handle from the automation "
        + "account, with the step's idempotency key (Mastodon returns the first status for "
        + "a retry within an hour). Does nothing unless "
        + "fediflow.donations.thank-on-mastodon is true. Failures as in "
        + "mastodon.post-status.")
@Component
class ThankDonorConnector implements Connector<ThankDonorConnector.Input, ThankDonorConnector.Output> {

    /** @param handle {@code @user@server} as the donor wrote it */
    record Input(
            @Doc("@user@server as the donor wrote it")
            @NotBlank @Pattern(regexp = "@[A-Za-z0-9_]{1,30}@[A-Za-z0-9.-]{1,253}") String handle) {
    }

    /** @param sent false when thanking is turned off */
    record Output(
            @Doc("False when thanking is turned off")
            boolean sent,
            @Doc("Id of the status")
            String statusId,
            @Doc("URL of the status")
            String url) {
    }

    private final MastodonClient mastodon;
    private final DonationProperties properties;

    ThankDonorConnector(MastodonClient mastodon, DonationProperties properties) {
        this.mastodon = mastodon;
        this.properties = properties;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        if (!properties.donations().thankOnMastodon()) {
            return new Output(false, null, null);
        }
        ObjectNode body = mastodon.newObject();
        // Direct: the thank-you is between the server and the donor, whatever the donor made public.
        body.put("status", input.handle() + " " + properties.donations().thankYouText());
        body.put("visibility", "direct");
        JsonNode status = mastodon.postStatus(body, context.idempotencyKey());
        return new Output(true, text(status, "id"), text(status, "url"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
