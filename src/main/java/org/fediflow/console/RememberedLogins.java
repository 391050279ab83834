package org.fediflow.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * HTTP Basic sends the password with every call, and checking it against a bcrypt hash costs ~80 ms of CPU:
 * a script polling the API would keep a core busy. A login that succeeded is remembered for a few minutes
 * by a SHA-256 of the credentials and of the hash in force (never the password itself), so a changed password
 * ends it at once; anything else goes to the real check.
 */
final class RememberedLogins implements AuthenticationProvider {

    private static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final int MAX_ENTRIES = 100;

    private final AuthenticationProvider delegate;
    private final Clock clock;
    private final java.util.function.Supplier<String> passwordVersion;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    RememberedLogins(AuthenticationProvider delegate, Clock clock, java.util.function.Supplier<String> passwordVersion) {
        this.delegate = delegate;
        this.clock = clock;
        this.passwordVersion = passwordVersion;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        if (!(authentication.getCredentials() instanceof String password)) {
            return delegate.authenticate(authentication);
        }
        String key = digest(authentication.getName() + "\u0000" + password + "\u0000" + passwordVersion.get());
        Remembered known = remembered.get(key);
        Instant now = clock.instant();
        if (known != null && known.until().isAfter(now)) {
            return known.authentication();
        }
        Authentication result = delegate.authenticate(authentication);
        if (result != null && result.isAuthenticated()) {
            if (remembered.size() >= MAX_ENTRIES) {
                remembered.clear();
            }
            remembered.put(key, new Remembered(UsernamePasswordAuthenticationToken.authenticated(
                    result.getPrincipal(), null, result.getAuthorities()), now.plus(REMEMBER)));
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Remembered(Authentication authentication, Instant until) {
    }
}
