package org.fediflow.onboarding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.fediflow.shared.InvalidConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * E-mail domains of throw-away mail services. The list shipped in the jar ({@code onboarding/disposable-domains.txt})
 * is used unless {@code fediflow.onboarding.disposable-domains-file} names a file, which then replaces it and is
 * read again whenever it changes, so operators can edit it without a restart. One domain per line, {@code #}
 * starts a comment; a listed domain also covers its subdomains.
 */
@Component
class DisposableDomains {

    static final String SHIPPED = "/onboarding/disposable-domains.txt";
    private static final Logger log = LoggerFactory.getLogger(DisposableDomains.class);

    private final Path file;
    private volatile Set<String> domains;
    private volatile FileTime readAt;

    DisposableDomains(OnboardingProperties properties) {
        this.file = properties.disposableDomainsFile();
        if (file != null && !Files.isReadable(file)) {
            throw new InvalidConfiguration("fediflow.onboarding.disposable-domains-file",
                    "cannot read " + file.toAbsolutePath());
        }
        this.domains = file == null ? shipped() : read(file);
    }

    /** The listed domain {@code domain} falls under, or null. */
    String listed(String domain) {
        Set<String> current = current();
        String d = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        while (!d.isEmpty()) {
            if (current.contains(d)) {
                return d;
            }
            int dot = d.indexOf('.');
            d = dot < 0 ? "" : d.substring(dot + 1);
        }
        return null;
    }

    private Set<String> current() {
        if (file != null) {
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                if (!modified.equals(readAt)) {
                    domains = read(file);
                }
            } catch (IOException | UncheckedIOException e) {
                log.warn("cannot re-read {}; keeping the list read before: {}", file, e.toString());
            }
        }
        return domains;
    }

    private Set<String> read(Path path) {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            Set<String> read = parse(Files.readString(path, StandardCharsets.UTF_8));
            readAt = modified;
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> shipped() {
        try (InputStream in = DisposableDomains.class.getResourceAsStream(SHIPPED)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> parse(String text) {
        Set<String> parsed = new HashSet<>();
        for (String line : text.split("\\R")) {
            int hash = line.indexOf('#');
            String domain = (hash < 0 ? line : line.substring(0, hash)).trim().toLowerCase(Locale.ROOT);
            if (!domain.isEmpty()) {
                parsed.add(domain);
            }
        }
        return Set.copyOf(parsed);
    }
}
