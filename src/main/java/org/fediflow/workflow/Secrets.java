package org.fediflow.workflow;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Keeps configured secrets out of what Fediflow shows: every value of a {@code fediflow.*} property whose name
 * says it is secret (token, secret, password, key) is replaced wherever it appears, and so is the value of any
 * variable or field whose own name says so.
 */
@Component
public class Secrets {

    public static final String MASK = "********";
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(secret|token|password|passwd|private[-_.]?key|application[-_.]?key|api[-_.]?key|credential|authorization).*",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern CREDENTIAL_SECRETS = Pattern.compile("fediflow\\.credentials\\..+\\.(token|password|value|secret|url)");

    private final List<String> values;

    Secrets(ConfigurableEnvironment environment) {
        Set<String> found = new HashSet<>();
        for (var source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    String canonical = name.toLowerCase(Locale.ROOT).replace('_', '.');
                    if (isSecretProperty(canonical)) {
                        String value = environment.getProperty(name);
                        if (value != null && value.length() >= 4) {
                            found.add(value);
                        }
                    }
                }
            }
        }
        // Longest first, so a secret that contains another is masked whole.
        this.values = found.stream().sorted((a, b) -> b.length() - a.length()).toList();
    }

    /**
     * A credential's secret fields (its name holds "credential", but its type and header name are not secret), the
     * mail password, and every other {@code fediflow.*} property whose name says it is secret.
     */
    static boolean isSecretProperty(String canonical) {
        if (canonical.startsWith("fediflow.credentials.")) {
            return CREDENTIAL_SECRETS.matcher(canonical).matches();
        }
        return canonical.equals("spring.mail.password") || canonical.startsWith("fediflow.") && isSecretName(canonical);
    }

    public static boolean isSecretName(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String value : values) {
            if (masked.contains(value)) {
                masked = masked.replace(value, MASK);
            }
        }
        return masked;
    }

    /** A copy of the variables fit to show: secret names masked, secret values replaced anywhere inside. */
    public Object maskValue(String name, Object value) {
        if (value == null) {
            return null;
        }
        if (isSecretName(name)) {
            return MASK;
        }
        if (value instanceof String s) {
            return mask(s);
        }
        if (value instanceof JsonNode node) {
            return maskJson(node.deepCopy());
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return mask(value.toString());
    }

    private JsonNode maskJson(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> entry : Set.copyOf(object.properties())) {
                if (isSecretName(entry.getKey()) && !entry.getValue().isContainer()) {
                    object.put(entry.getKey(), MASK);
                } else {
                    object.set(entry.getKey(), maskJson(entry.getValue()));
                }
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, maskJson(array.get(i)));
            }
            return array;
        }
        if (node.isString()) {
            String masked = mask(node.asString());
            return masked.equals(node.asString()) ? node : StringNode.valueOf(masked);
        }
        return node;
    }
}
