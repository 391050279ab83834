package org.fediflow.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Which settings each shipped flow cannot work without. A flow missing one is "not configured": the dashboard says
 * so with the settings it needs, and its timer starts no run (so a first start with nothing set raises no incident
 * and sends no alert). A flow started by a webhook needs the sender's secret, without which its endpoint answers 503.
 */
@Component
public class FlowReadiness {

    /** Per process key, groups of settings: each group needs at least one of its settings set. */
    static final Map<String, List<List<String>>> NEEDS = Map.of(
            "report-to-moderators", List.of(List.of("mastodon.base-url"), List.of("mastodon.access-token"),
                    List.of("mastodon.webhook-secret"), List.of("slack.bot-token"), List.of("slack.signing-secret"),
                    List.of("slack.channels.moderation")),
            "new-user-onboarding", List.of(List.of("mastodon.base-url"), List.of("mastodon.access-token"),
                    List.of("mastodon.webhook-secret"), List.of("slack.bot-token"), List.of("slack.signing-secret"),
                    List.of("slack.channels.onboarding")),
            "donation-recording", List.of(List.of("patreon.webhook-secret", "kofi.verification-token")),
            "backup", List.of(List.of("storage.bucket"), List.of("backup.recipients"),
                    List.of("backup.postgres.url", "backup.redis.url", "backup.media.source", "backup.fediflow-database")),
            "restore-drill", List.of(List.of("storage.bucket"), List.of("backup.drill.identity-file"),
                    List.of("backup.drill.postgres-url")),
            "release-watch", List.of(List.of("mastodon.base-url"), List.of("mastodon.access-token"),
                    List.of("slack.bot-token"), List.of("slack.channels.ops")),
            "upgrade-rollout", List.of(List.of("mastodon.base-url"), List.of("mastodon.access-token"),
                    List.of("slack.bot-token"), List.of("slack.signing-secret"), List.of("slack.channels.ops"),
                    List.of("hosts")));

    private final Binder binder;

    FlowReadiness(Environment environment) {
        this.binder = Binder.get(environment);
    }

    /**
     * The settings this flow still needs, as {@code fediflow.…} names ("a or b" when either will do); empty when it is
     * configured or is not a shipped flow.
     */
    public List<String> missing(String key) {
        List<String> missing = new ArrayList<>();
        for (List<String> group : NEEDS.getOrDefault(key, List.of())) {
            if (group.stream().noneMatch(this::isSet)) {
                missing.add(String.join(" or ", group.stream().map(s -> "fediflow." + s).toList()));
            }
        }
        return missing;
    }

    private boolean isSet(String setting) {
        String name = "fediflow." + setting;
        if ("hosts".equals(setting)) {
            return binder.bind(name, Bindable.mapOf(String.class, Object.class)).map(m -> !m.isEmpty()).orElse(false);
        }
        return binder.bind(name, Bindable.listOf(String.class))
                .map(values -> values.stream().anyMatch(v -> v != null && !v.isBlank() && !"false".equalsIgnoreCase(v.trim())))
                .orElse(false);
    }
}
