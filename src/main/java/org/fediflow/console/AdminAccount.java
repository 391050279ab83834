package org.fediflow.console;

import java.security.SecureRandom;
import java.util.List;

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
 * The one operator account. A configured password wins; otherwise a password generated at first start is
 * printed once and only its hash is kept, in the database, so every node and every restart agree.
 */
class AdminAccount implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(AdminAccount.class);
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final String username;
    private final String passwordHash;

    AdminAccount(ConsoleProperties.Admin admin, JdbcTemplate jdbc, PasswordEncoder encoder, String consoleUrl) {
        this.username = admin.username();
        if (admin.password() != null && !admin.password().isBlank()) {
            this.passwordHash = encoder.encode(admin.password());
        } else {
            this.passwordHash = storedOrGenerated(jdbc, encoder, consoleUrl);
        }
    }

    private String storedOrGenerated(JdbcTemplate jdbc, PasswordEncoder encoder, String consoleUrl) {
        List<String> stored = jdbc.queryForList("SELECT password_hash FROM admin_account WHERE username = ?", String.class, username);
        if (!stored.isEmpty()) {
            return stored.get(0);
        }
        String password = generate();
        String hash = encoder.encode(password);
        try {
            jdbc.update("INSERT INTO admin_account (username, password_hash) VALUES (?, ?)", username, hash);
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            return jdbc.queryForObject("SELECT password_hash FROM admin_account WHERE username = ?", String.class, username);
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
        return hash;
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
        if (!username.equals(name)) {
            throw new UsernameNotFoundException("unknown user");
        }
        return User.withUsername(username).password(passwordHash).roles("ADMIN").build();
    }
}
