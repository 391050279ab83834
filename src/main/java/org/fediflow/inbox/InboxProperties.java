package org.fediflow.inbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** What the webhook inbox needs: the senders' secrets, the operator's own sources and the dispatcher's pace. */
@ConfigurationProperties("fediflow")
public record InboxProperties(@DefaultValue Mastodon mastodon, @DefaultValue Patreon patreon, @DefaultValue Kofi kofi,
                              Map<String, Source> sources, @DefaultValue Inbox inbox) {

    public InboxProperties {
        sources = sources == null ? Map.of() : Map.copyOf(sources);
    }

    public record Mastodon(String webhookSecret) {
    }

    public record Patreon(String webhookSecret) {
    }

    public record Kofi(String verificationToken) {
    }

    /**
     * An operator-defined sender at {@code /webhooks/<name>}, for services such as Uptime Kuma or GitHub.
     *
     * @param auth               {@code hmac-sha256} (hex HMAC of the raw body in {@code header}, after {@code prefix}),
     *                           {@code token} (the secret itself in {@code header}) or {@code none} (then
     *                           {@code allowedIps} must name the senders)
     * @param eventPointer       JSON pointer to the event name in the body; without it every event is {@code received}
     * @param dedupePointer      JSON pointer to a delivery id; without it the body's SHA-256 is the dedupe key
     * @param businessKeyPointer JSON pointer to the business key of the run
     */
    public record Source(@DefaultValue("hmac-sha256") String auth, String secret, String header, String prefix,
                         List<String> allowedIps, String eventPointer, String dedupePointer,
                         String businessKeyPointer) {
        public Source {
            allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
        }
    }

    /**
     * @param maxBody      larger bodies are refused with 413
     * @param pollInterval how often the dispatcher looks for events accepted by other nodes
     * @param maxAttempts  tries to hand an event to the engine before it becomes an incident
     * @param threads      dispatcher threads on this node ({@code 0}: it only accepts): each hands one delivery at a
     *                     time to the engine, in one transaction with the compute-only steps that follow it. Unset:
     *                     one per core, at most {@link #DEFAULT_MAX_THREADS}. The work is the node's CPU (and, on
     *                     PostgreSQL, its commits): on two cores, two threads accepted 25-170 % more webhooks during a
     *                     burst than four, and processed as many or more (bench/README.md, session 10).
     */
    public record Inbox(@DefaultValue("1MB") DataSize maxBody, @DefaultValue("500ms") Duration pollInterval,
                        @DefaultValue("5") int maxAttempts, Integer threads) {

        static final int DEFAULT_MAX_THREADS = 4;

        public Inbox {
            if (threads == null) {
                threads = Math.min(DEFAULT_MAX_THREADS, Runtime.getRuntime().availableProcessors());
            } else if (threads < 0) {
                throw new IllegalArgumentException("fediflow.inbox.threads must be 0 (this node only accepts) or more, not "
                        + threads);
            }
        }
    }
}
