package org.fediflow.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.fediflow.connector.StepContext;
import org.fediflow.connector.mastodon.MastodonProperties;
import org.fediflow.testing.MastodonPayloads;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sign-up card from Admin::Account bodies as Mastodon's serializer writes them ({@link MastodonPayloads}). */
class RenderSignupConnectorTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final StepContext STEP = new StepContext("run:step", "run", "7", "render");
    final RenderSignupConnector connector = new RenderSignupConnector(
            new MastodonProperties("https://mastodon.example", null, null),
            Clock.fixed(Instant.parse("2025-07-12T10:00:00Z"), ZoneOffset.UTC));

    static JsonNode parse(tools.jackson.databind.node.ObjectNode account) {
        return JSON.readTree(MastodonPayloads.json(account));
    }

    @Test
    void aSignupWithoutAnInviteHasNoInviteFieldAndSaysNo() {
        JsonNode account = parse(MastodonPayloads.localAccount("7", "newbie", "New &amp; <!channel>", "newbie@mail.example",
                "203.0.113.5", false, false, "pt-BR", "I run a knitting club & want in", "2025-07-12T09:58:00.123Z"));
        assertThat(account.has("invited_by_account_id")).as("Mastodon sends it only for invited sign-ups").isFalse();
        String blocks = connector.execute(new RenderSignupConnector.Input(account, null, null, null), STEP).blocks().toString();
        assertThat(blocks).contains("*Invite used*\\nno").contains("203.0.113.5").contains("pt-BR")
                .contains("I run a knitting club &amp; want in").contains("New &amp;amp; &lt;!channel&gt;")
                .doesNotContain("<!channel>").doesNotContain("newbie@mail.example");
    }

    @Test
    void anInvitedSignupNamesTheInvitingAccount() {
        JsonNode account = parse(MastodonPayloads.invitedBy(MastodonPayloads.localAccount("8", "friend", "Friend",
                "friend@mail.example", "203.0.113.6", false, false, "en", null, "2025-07-12T09:58:00.123Z"), "110000000000000001"));
        String json = MastodonPayloads.json(MastodonPayloads.invitedBy(MastodonPayloads.localAccount("8", "friend",
                "Friend", "friend@mail.example", "203.0.113.6", false, false, "en", null, "2025-07-12T09:58:00.123Z"), "1"));
        assertThat(json).contains("\"invite_request\":null,\"invited_by_account_id\":\"1\",\"ips\":[");
        String blocks = connector.execute(new RenderSignupConnector.Input(account, null, null, null), STEP).blocks().toString();
        assertThat(blocks).contains("yes (invited by account 110000000000000001)").contains("(no text)");
    }
}
