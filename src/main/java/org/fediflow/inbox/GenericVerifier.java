package org.fediflow.inbox;

import org.fediflow.shared.Json;
import java.util.List;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

import tools.jackson.databind.JsonNode;

/** An operator-defined source ({@code fediflow.sources.<name>.*}); see {@link InboxProperties.Source}. */
final class GenericVerifier implements SourceVerifier {

    private final String name;
    private final InboxProperties.Source config;
    private final List<IpAddressMatcher> allowed;

    GenericVerifier(String name, InboxProperties.Source config) {
        this.name = name;
        this.config = config;
        this.allowed = config.allowedIps().stream().map(IpAddressMatcher::new).toList();
    }

    @Override
    public String source() {
        return name;
    }

    @Override
    public Verdict verify(Delivery delivery) {
        String property = "fediflow.sources." + name;
        switch (config.auth()) {
            case "hmac-sha256" -> {
                if (config.secret() == null || config.header() == null) {
                    return Verdict.notConfigured(property + ".secret and .header");
                }
                String given = delivery.header(config.header());
                String prefix = config.prefix() == null ? "" : config.prefix();
                if (given == null || !given.startsWith(prefix) || !Signatures.sameHex(
                        Signatures.hmacHex("HmacSHA256", config.secret(), delivery.body()), given.substring(prefix.length()))) {
                    return Verdict.unauthorized("signature in " + config.header() + " does not match");
                }
            }
            case "token" -> {
                if (config.secret() == null || config.header() == null) {
                    return Verdict.notConfigured(property + ".secret and .header");
                }
                if (!Signatures.sameSecret(config.secret(), delivery.header(config.header()))) {
                    return Verdict.unauthorized("token in " + config.header() + " does not match");
                }
            }
            case "none" -> {
                if (allowed.stream().noneMatch(m -> m.matches(delivery.remoteIp()))) {
                    return Verdict.unauthorized("sender address not allowed");
                }
            }
            default -> {
                return Verdict.notConfigured(property + ".auth");
            }
        }
        JsonNode json = Json.parse(delivery.body());
        if (json == null || !json.isContainer()) {
            return Verdict.badRequest("expected a JSON body");
        }
        String event = config.eventPointer() == null ? "received" : Json.scalarAt(json, config.eventPointer());
        if (event == null) {
            return Verdict.badRequest("no event at " + config.eventPointer());
        }
        String dedupe = config.dedupePointer() == null ? null : Json.scalarAt(json, config.dedupePointer());
        return new Verdict.Accept(event, true, dedupe != null ? dedupe : Signatures.sha256Hex(delivery.body()),
                Json.scalarAt(json, config.businessKeyPointer()), json.toString());
    }
}
