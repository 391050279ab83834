package org.fediflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Signature checks against vectors computed with an independent tool ({@code openssl dgst -hmac}), so a
 * verifier that agrees only with itself cannot pass.
 */
class VerifiersTest {

    static final String MASTODON_BODY =
            "{\"event\":\"report.created\",\"created_at\":\"2023-10-26T13:34:00.351Z\",\"object\":{\"id\":\"1\",\"comment\":\"spam\"}}";
    // printf '%s' "$MASTODON_BODY" | openssl dgst -sha256 -hmac 'mastodon-webhook-secret'
    static final String MASTODON_SIGNATURE = "sha256=b4ead57e599bb5458596df47f94f7fdd997eef685252e2b499c2fe02958a5eb7";

    static final String PATREON_BODY =
            "{\"data\":{\"id\":\"5f2a9b1c-0000-4000-8000-000000000001\",\"type\":\"member\",\"attributes\":{\"patron_status\":\"active_patron\"}}}";
    // printf '%s' "$PATREON_BODY" | openssl dgst -md5 -hmac 'patreon-secret'
    static final String PATREON_SIGNATURE = "a413b92255b02f2b5fa41aa419c0c230";

    private static InboxProperties properties() {
        return new InboxProperties(new InboxProperties.Mastodon("mastodon-webhook-secret"),
                new InboxProperties.Patreon("patreon-secret"), new InboxProperties.Kofi("kofi-token"),
                Map.of(), new InboxProperties.Inbox(org.springframework.util.unit.DataSize.ofMegabytes(1),
                java.time.Duration.ofMillis(500), 5, 2));
    }

    private static Delivery delivery(String body, String... headerPairs) {
        Map<String, String> headers = new java.util.HashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i].toLowerCase(java.util.Locale.ROOT), headerPairs[i + 1]);
        }
        return new Delivery("application/json", headers, body.getBytes(StandardCharsets.UTF_8), "127.0.0.1");
    }

    @Test
    void acceptsMastodonDeliveryWithKnownVector() {
        Verdict verdict = new MastodonVerifier(properties()).verify(delivery(MASTODON_BODY, "X-Hub-Signature", MASTODON_SIGNATURE));
        assertThat(verdict).isInstanceOf(Verdict.Accept.class);
        Verdict.Accept accept = (Verdict.Accept) verdict;
        assertThat(accept.eventType()).isEqualTo("report.created");
        assertThat(accept.businessKey()).isEqualTo("1");
        assertThat(accept.known()).isTrue();
    }

    @Test
    void routesEveryMastodonEventAndOnesMastodonAddsLater() {
        MastodonVerifier verifier = new MastodonVerifier(properties());
        List<String> events = new java.util.ArrayList<>(MastodonVerifier.EVENTS);
        events.add("account.deleted");
        events.add("status.quote.created");
        for (String event : events) {
            String body = "{\"event\":\"" + event + "\",\"created_at\":\"2026-11-28T10:00:00.000Z\",\"object\":{\"id\":\"7\"}}";
            String signature = "sha256=" + Signatures.hmacHex("HmacSHA256", "mastodon-webhook-secret", body.getBytes(StandardCharsets.UTF_8));
            Verdict.Accept accept = (Verdict.Accept) verifier.verify(delivery(body, "X-Hub-Signature", signature));
            assertThat(accept.known()).as(event).isTrue();
            assertThat(accept.eventType()).isEqualTo(event);
        }
        assertThat(MastodonVerifier.EVENTS).containsExactlyInAnyOrder("account.approved", "account.created",
                "account.updated", "report.created", "report.updated", "status.created", "status.updated");
        for (String junk : List.of("Report Created", "report", "report..created", "x".repeat(70) + ".created")) {
            String body = "{\"event\":\"" + junk + "\",\"object\":{\"id\":\"7\"}}";
            String signature = "sha256=" + Signatures.hmacHex("HmacSHA256", "mastodon-webhook-secret", body.getBytes(StandardCharsets.UTF_8));
            assertThat(((Verdict.Accept) verifier.verify(delivery(body, "X-Hub-Signature", signature))).known())
                    .as("'%s' is stored as ignored", junk).isFalse();
        }
    }

    @Test
    void acceptsUpperCaseHexButRejectsAnyChangedByte() {
        MastodonVerifier verifier = new MastodonVerifier(properties());
        assertThat(verifier.verify(delivery(MASTODON_BODY, "X-Hub-Signature", "sha256="
                + MASTODON_SIGNATURE.substring(7).toUpperCase()))).isInstanceOf(Verdict.Accept.class);
        assertThat(verifier.verify(delivery(MASTODON_BODY.replace("spam", "spa m"), "X-Hub-Signature", MASTODON_SIGNATURE)))
                .isEqualTo(Verdict.unauthorized("signature does not match"));
    }

    @Test
    void rejectsMastodonSignatureWithoutPrefixOrMissing() {
        MastodonVerifier verifier = new MastodonVerifier(properties());
        for (String header : List.of(MASTODON_SIGNATURE.substring(7), "sha1=" + MASTODON_SIGNATURE.substring(7))) {
            assertThat(verifier.verify(delivery(MASTODON_BODY, "X-Hub-Signature", header)))
                    .isInstanceOf(Verdict.Reject.class).extracting("status").isEqualTo(401);
        }
        assertThat(verifier.verify(delivery(MASTODON_BODY))).extracting("status").isEqualTo(401);
    }

    @Test
    void answers503WhenMastodonSecretIsNotSet() {
        InboxProperties unset = new InboxProperties(new InboxProperties.Mastodon(null), null, null, null, null);
        assertThat(new MastodonVerifier(unset).verify(delivery(MASTODON_BODY, "X-Hub-Signature", MASTODON_SIGNATURE)))
                .extracting("status").isEqualTo(503);
    }

    @Test
    void rejectsSignedMastodonBodyThatIsNotAnEnvelopeAs400() {
        String body = "{\"event\":\"report.created\"}";
        String signature = "sha256=" + Signatures.hmacHex("HmacSHA256", "mastodon-webhook-secret", body.getBytes(StandardCharsets.UTF_8));
        assertThat(new MastodonVerifier(properties()).verify(delivery(body, "X-Hub-Signature", signature)))
                .extracting("status").isEqualTo(400);
    }

    @Test
    void acceptsPatreonDeliveryWithKnownMd5Vector() {
        Verdict verdict = new PatreonVerifier(properties()).verify(delivery(PATREON_BODY,
                "X-Patreon-Signature", PATREON_SIGNATURE, "X-Patreon-Event", "members:pledge:create"));
        assertThat(verdict).isInstanceOf(Verdict.Accept.class);
        assertThat(((Verdict.Accept) verdict).businessKey()).isEqualTo("5f2a9b1c-0000-4000-8000-000000000001");
    }

    @Test
    void rejectsPatreonDeliveryWithWrongSignatureOrMissingEvent() {
        PatreonVerifier verifier = new PatreonVerifier(properties());
        assertThat(verifier.verify(delivery(PATREON_BODY, "X-Patreon-Signature", "a413b92255b02f2b5fa41aa419c0c231",
                "X-Patreon-Event", "members:create"))).extracting("status").isEqualTo(401);
        assertThat(verifier.verify(delivery(PATREON_BODY, "X-Patreon-Signature", PATREON_SIGNATURE)))
                .extracting("status").isEqualTo(400);
    }

    @Test
    void patreonRedeliveryOfOtherTriggerWithSameBodyIsNotADuplicate() {
        PatreonVerifier verifier = new PatreonVerifier(properties());
        Verdict.Accept create = (Verdict.Accept) verifier.verify(delivery(PATREON_BODY, "X-Patreon-Signature", PATREON_SIGNATURE,
                "X-Patreon-Event", "members:create"));
        Verdict.Accept update = (Verdict.Accept) verifier.verify(delivery(PATREON_BODY, "X-Patreon-Signature", PATREON_SIGNATURE,
                "X-Patreon-Event", "members:update"));
        assertThat(create.dedupeKey()).isNotEqualTo(update.dedupeKey());
    }

    @Test
    void acceptsKofiFormWithTokenAndStoresItWithoutTheToken() {
        String data = "{\"verification_token\":\"kofi-token\",\"message_id\":\"m-1\",\"type\":\"Shop Order\","
                + "\"amount\":\"3.00\",\"kofi_transaction_id\":\"tx-1\"}";
        Verdict verdict = new KofiVerifier(properties()).verify(delivery("data=" + URLEncoder.encode(data, StandardCharsets.UTF_8)));
        assertThat(verdict).isInstanceOf(Verdict.Accept.class);
        Verdict.Accept accept = (Verdict.Accept) verdict;
        assertThat(accept.dedupeKey()).isEqualTo("m-1");
        assertThat(accept.businessKey()).isEqualTo("tx-1");
        assertThat(accept.body()).doesNotContain("kofi-token").doesNotContain("verification_token");
    }

    @Test
    void rejectsKofiWithWrongOrMissingTokenAs401AndNonFormAs400() {
        KofiVerifier verifier = new KofiVerifier(properties());
        String wrong = "{\"verification_token\":\"kofi-tokeN\",\"message_id\":\"m-1\",\"type\":\"Donation\"}";
        String missing = "{\"message_id\":\"m-1\",\"type\":\"Donation\"}";
        assertThat(verifier.verify(delivery("data=" + URLEncoder.encode(wrong, StandardCharsets.UTF_8))))
                .extracting("status").isEqualTo(401);
        assertThat(verifier.verify(delivery("data=" + URLEncoder.encode(missing, StandardCharsets.UTF_8))))
                .extracting("status").isEqualTo(401);
        assertThat(verifier.verify(delivery("{\"verification_token\":\"kofi-token\"}"))).extracting("status").isEqualTo(400);
        assertThat(verifier.verify(delivery("data=%7Bnot-json"))).extracting("status").isEqualTo(400);
    }

    @Test
    void genericHmacSourceChecksConfiguredHeaderAndPrefix() {
        InboxProperties.Source github = new InboxProperties.Source("hmac-sha256", "gh-secret", "X-Hub-Signature-256",
                "sha256=", List.of(), null, "/delivery", "/repository/full_name");
        GenericVerifier verifier = new GenericVerifier("github", github);
        String body = "{\"delivery\":\"d-1\",\"repository\":{\"full_name\":\"mastodon/mastodon\"}}";
        String good = "sha256=" + Signatures.hmacHex("HmacSHA256", "gh-secret", body.getBytes(StandardCharsets.UTF_8));
        Verdict.Accept accept = (Verdict.Accept) verifier.verify(delivery(body, "X-Hub-Signature-256", good));
        assertThat(accept.dedupeKey()).isEqualTo("d-1");
        assertThat(accept.businessKey()).isEqualTo("mastodon/mastodon");
        assertThat(accept.eventType()).isEqualTo("received");
        assertThat(verifier.verify(delivery(body, "X-Hub-Signature-256", good.replace('a', 'b'))))
                .extracting("status").isEqualTo(401);
    }

    @Test
    void genericSourceWithoutAuthAcceptsOnlyAllowedAddresses() {
        InboxProperties.Source kuma = new InboxProperties.Source("none", null, null, null, List.of("10.1.0.0/16"),
                "/heartbeat/status", null, "/monitor/name");
        GenericVerifier verifier = new GenericVerifier("uptime-kuma", kuma);
        String body = "{\"heartbeat\":{\"status\":0},\"monitor\":{\"name\":\"web\"}}";
        Delivery inside = new Delivery("application/json", Map.of(), body.getBytes(StandardCharsets.UTF_8), "10.1.2.3");
        Delivery outside = new Delivery("application/json", Map.of(), body.getBytes(StandardCharsets.UTF_8), "10.2.0.1");
        assertThat(((Verdict.Accept) verifier.verify(inside)).eventType()).isEqualTo("0");
        assertThat(verifier.verify(outside)).extracting("status").isEqualTo(401);
    }

    @Test
    void messageNamesFollowSourceAndEvent() {
        assertThat(InboxDispatcher.messageName("mastodon", "report.created")).isEqualTo("mastodon.report.created");
        assertThat(InboxDispatcher.messageName("patreon", "members:pledge:create")).isEqualTo("patreon.members.pledge.create");
        assertThat(InboxDispatcher.messageName("kofi", "Shop Order")).isEqualTo("kofi.shop-order");
    }
}
