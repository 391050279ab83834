package org.fediflow.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

/**
 * The server's few HTML pages are Mustache templates in {@code templates/} (JMustache, what
 * spring-boot-starter-mustache brings): {@code {{value}}} is HTML-escaped, so no page builds HTML from strings by
 * hand. A null value prints nothing and hides its section.
 */
public final class Templates {

    private static final Mustache.Compiler COMPILER = Mustache.compiler().nullValue("").emptyStringIsFalse(true);

    private Templates() {
    }

    /** {@code templates/<name>.mustache} from the class path, compiled once. */
    public static Template load(String name) {
        String path = "templates/" + name + ".mustache";
        try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the build");
            }
            return COMPILER.compile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
