package org.fediflow.console;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The local operator account, the break-glass login beside "Sign in with Mastodon". Its password hash lives in the
 * database, so every node agrees and a change in the console reaches them all:
 * <ul>
 * <li>no configured password: one is generated at first start, printed once, and only its hash kept;</li>
 * <li>a configured password ({@code FEDIFLOW_ADMIN_PASSWORD}) is used, unless it was changed in the console since:
 * then the console's wins, until a <em>different</em> password is configured (the way back in when the console's
 * password is lost).</li>
 * </ul>
 */
class AdminAccount implements UserDetailsService {

    static final int MIN_PASSWORD_LENGTH = 12;
    private static final Logger log = LoggerFactory.getLogger(AdminAccount.class);
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final String username;
    private final String configuredPassword;
    private final boolean enabled;
    private final JdbcTemplate jdbc;
    private final PasswordEncoder encoder;

    AdminAccount(ConsoleProperties.Admin admin, JdbcTemplate jdbc, PasswordEncoder encoder, String consoleUrl) {
        this.username = admin.username();
        this.enabled = admin.enabled();
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.configuredPassword = admin.password() != null && !admin.password().isBlank() ? admin.password() : null;
        if (configuredPassword != null) {
            useConfigured();
        } else {
            storedOrGenerated(consoleUrl);
        }
    }

    String username() {
        return username;
    }

    boolean enabled() {
        return enabled;
    }

    /** The hash now in force; it changes with the password, so a remembered login of the old one is not reused. */
    String currentHash() {
        List<String> stored = jdbc.queryForList("SELECT password_hash FROM admin_account WHERE username = ?", String.class, username);
        return stored.isEmpty() ? "" : stored.get(0);
    }

    /**
     * @return null when changed, else why not (wrong current password, new one too short)
     */
    String changePassword(String current, String replacement) {
        if (current == null || !encoder.matches(current, currentHash())) {
            return "the current password is wrong";
        }
        if (replacement == null || replacement.length() < MIN_PASSWORD_LENGTH) {
            return "the new password must have at least " + MIN_PASSWORD_LENGTH + " characters";
        }
        if (replacement.equals(current)) {
            return "the new password is the current one";
        }
        jdbc.update("UPDATE admin_account SET password_hash = ?, changed_at = ?, replaced_configured_hash = ? WHERE username = ?",
                encoder.encode(replacement), Timestamp.from(Instant.now()),
                configuredPassword == null ? null : encoder.encode(configuredPassword), username);
        return null;
    }

    private void useConfigured() {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT changed_at, replaced_configured_hash FROM admin_account WHERE username = ?", username);
        if (!rows.isEmpty()) {
            Object replaced = rows.get(0).get("replaced_configured_hash");
            if (rows.get(0).get("changed_at") != null && replaced != null && encoder.matches(configuredPassword, replaced.toString())) {
                log.info("the admin password was changed in the console; FEDIFLOW_ADMIN_PASSWORD is the one it replaced"
                        + " and is not used (configure a different one to reset it)");
                return;
            }
            if (rows.get(0).get("changed_at") == null && encoder.matches(configuredPassword, currentHash())) {
                return;
            }
            jdbc.update("UPDATE admin_account SET password_hash = ?, changed_at = NULL, replaced_configured_hash = NULL"
                    + " WHERE username = ?", encoder.encode(configuredPassword), username);
            return;
        }
        try {
            jdbc.update("INSERT INTO admin_account (username, password_hash) VALUES (?, ?)", username, encoder.encode(configuredPassword));
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            // it stored a hash of the same configured password
        }
    }

    private void storedOrGenerated(String consoleUrl) {
        if (!currentHash().isEmpty()) {
            return;
        }
        String password = generate();
        try {
            jdbc.update("INSERT INTO admin_account (username, password_hash) VALUES (?, ?)", username, encoder.encode(password));
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            return;
        }
        String banner = """

                ================================================================
                 Fediflow console: %s
                 Login: %s   Password: %s
                 This password is shown once; only its hash is stored.
                 Set FEDIFLOW_ADMIN_PASSWORD to choose your own.
                ================================================================
                """.formatted(consoleUrl, username, password);
        System.out.println(banner);
        log.info("generated the admin password for '{}' (printed on standard output once)", username);
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    @Override
    public UserDetails loadUserByUsername(String name) {
        if (!enabled || !username.equals(name)) {
            throw new UsernameNotFoundException("unknown user");
        }
        return User.withUsername(username).password(currentHash()).authorities(Roles.authorities(Roles.OPERATOR)).build();
    }
}
