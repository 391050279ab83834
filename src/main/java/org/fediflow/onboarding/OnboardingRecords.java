package org.fediflow.onboarding;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tables {@code onboarding_signup} and {@code onboarding_welcome} (migration V30). Writes join the step's
 * transaction; an insert that may meet an existing row runs in a savepoint, so a duplicate key (which PostgreSQL
 * reports only after the other transaction committed) leaves the step's transaction usable.
 */
@Repository
class OnboardingRecords {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate savepoint;

    OnboardingRecords(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Records a sign-up once; @return the run that recorded it first (this one or an earlier one) */
    String recordSignup(String accountId, String runId, String ip, String emailDomain, Instant signedUpAt, Instant now) {
        if (!insertOnce("INSERT INTO onboarding_signup (account_id, run_id, ip, email_domain, signed_up_at, recorded_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", accountId, runId, cut(ip, 64), cut(emailDomain, 255), utc(signedUpAt), utc(now))) {
            return jdbc.queryForObject("SELECT run_id FROM onboarding_signup WHERE account_id = ?", String.class, accountId);
        }
        return runId;
    }

    /** Other recorded sign-ups from {@code ip} within {@code window} either side of {@code at}. */
    int othersFromIp(String accountId, String ip, Instant at, Duration window) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM onboarding_signup WHERE ip = ? AND account_id <> ? "
                + "AND signed_up_at > ? AND signed_up_at < ?", Integer.class, ip, accountId, utc(at.minus(window)),
                utc(at.plus(window)));
        return count == null ? 0 : count;
    }

    /** Claims the account's one welcome for this run; false when a run already did (committed). */
    boolean claimWelcome(String accountId, String runId, Instant now) {
        return insertOnce("INSERT INTO onboarding_welcome (account_id, run_id, sent_at) VALUES (?, ?, ?)",
                accountId, runId, utc(now));
    }

    void welcomeSent(String accountId, String statusId) {
        jdbc.update("UPDATE onboarding_welcome SET status_id = ? WHERE account_id = ?", statusId, accountId);
    }

    private boolean insertOnce(String sql, Object... args) {
        try {
            savepoint.executeWithoutResult(status -> jdbc.update(sql, args));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
