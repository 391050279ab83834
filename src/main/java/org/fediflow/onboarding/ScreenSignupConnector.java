package org.fediflow.onboarding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.validation.constraints.NotNull;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.mastodon.MastodonAccount;
import org.fediflow.connector.mastodon.MastodonClient;
import org.fediflow.connector.mastodon.MastodonProperties;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * {@code onboarding.screen}: records a pending sign-up and looks for warning signs — a disposable e-mail domain, a
 * domain on the server's e-mail domain block list, a name imitating staff, several sign-ups from one IP within a
 * day (counted from the sign-ups recorded here). Signals are for the moderators; nothing is decided here.
 */
@ConnectorInfo(id = "onboarding.screen", name = "Screen a sign-up",
        description = "Records a pending sign-up (account, IP, e-mail domain) and looks for warning "
        + "signs: e-mail domain on the disposable-domain list, on the server's e-mail "
        + "domain block list (GET /api/v1/admin/email_domain_blocks; a 401/403 becomes a "
        + "note 'could not check'), a username or display name imitating staff or the "
        + "server, several sign-ups from one IP within 24 hours. Nothing is decided here.")
@Component
class ScreenSignupConnector implements Connector<ScreenSignupConnector.Input, ScreenSignupConnector.Output> {

    static final Duration SAME_IP_WINDOW = Duration.ofHours(24);

    /** @param account the Admin::Account (mastodon.get-account's json) */
    record Input(
            @Doc("The Admin::Account (mastodon.get-account's json)")
            @NotNull JsonNode account) {
    }

    /**
     * @param first       false when another run already screened this account (a duplicate start): it has the card
     * @param emailDomain the part after {@code @} of the e-mail address, lower case
     * @param signals     warning signs, plain text
     * @param notes       what could not be checked, plain text
     */
    record Output(
            @Doc("False when another run already screened this account (it has the card)")
            boolean first,
            @Doc("Domain of the e-mail address")
            String emailDomain,
            @Doc("Warning signs, plain text")
            List<String> signals,
            @Doc("What could not be checked")
            List<String> notes) {
    }

    private final OnboardingRecords records;
    private final DisposableDomains disposable;
    private final MastodonClient mastodon;
    private final MastodonProperties mastodonProperties;
    private final OnboardingProperties properties;
    private final Clock clock;

    ScreenSignupConnector(OnboardingRecords records, DisposableDomains disposable, MastodonClient mastodon,
                          MastodonProperties mastodonProperties, OnboardingProperties properties, Clock clock) {
        this.records = records;
        this.disposable = disposable;
        this.mastodon = mastodon;
        this.mastodonProperties = mastodonProperties;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        MastodonAccount account = MastodonAccount.from(input.account());
        Instant now = clock.instant();
        Instant signedUp = instant(account.createdAt(), now);
        String domain = emailDomain(account.email());
        String ip = SignupCard.ip(input.account());
        String owner = records.recordSignup(account.id(), context.runId(), ip, domain, signedUp, now);

        List<String> signals = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (domain != null) {
            String listed = disposable.listed(domain);
            if (listed != null) {
                signals.add("E-mail domain " + domain + " is a disposable (throw-away) mail service"
                        + (listed.equals(domain) ? "" : " (" + listed + ")"));
            }
            Optional<List<String>> blocks = mastodon.emailDomainBlocks();
            if (blocks.isEmpty()) {
                notes.add("Could not check the server's e-mail domain blocks: the token or its role may not read them "
                        + "(scope admin:read:email_domain_blocks).");
            } else {
                blocked(domain, blocks.get()).ifPresent(block -> signals.add("E-mail domain " + domain
                        + " is on this server's e-mail domain block list" + (block.equals(domain) ? "" : " (" + block + ")")));
            }
        }
        StaffImitation staff = new StaffImitation(mastodonProperties.baseUrl(), properties.staffNames());
        for (String name : new String[] {account.username(), account.displayName()}) {
            String imitated = staff.imitated(name);
            if (imitated != null) {
                signals.add("Name \"" + name + "\" looks like \"" + imitated + "\" (a staff or server name)");
                break;
            }
        }
        if (ip != null) {
            int others = records.othersFromIp(account.id(), ip, signedUp, SAME_IP_WINDOW);
            if (others + 1 >= properties.sameIpThreshold()) {
                signals.add((others + 1) + " sign-ups from IP " + ip + " within 24 hours");
            }
        }
        return new Output(owner.equals(context.runId()), domain, List.copyOf(signals), List.copyOf(notes));
    }

    static String emailDomain(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at < 0 || at == email.length() - 1 ? null : email.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    }

    /** Mastodon's email domain blocks also cover subdomains. */
    private static Optional<String> blocked(String domain, List<String> blocks) {
        return blocks.stream().map(b -> b.trim().toLowerCase(Locale.ROOT))
                .filter(b -> domain.equals(b) || domain.endsWith("." + b)).findFirst();
    }

    private static Instant instant(String iso, Instant fallback) {
        try {
            return iso == null ? fallback : Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
