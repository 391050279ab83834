package org.fediflow.connector.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fediflow.connector.ConnectorFailure;

/** Which statuses are a success ({@code expectedStatuses}): {@code 2xx} by default. */
record StatusSet(String text) {

    private static final Pattern STATUSES = Pattern.compile("\\s*(?:([1-5])xx|(\\d{3})(?:\\s*-\\s*(\\d{3}))?)\\s*");

    static StatusSet parse(String text) {
        String spec = HttpRequestParts.blank(text) ? "2xx" : text;
        for (String part : spec.split(",")) {
            if (!STATUSES.matcher(part).matches()) {
                throw new ConnectorFailure.BadInput("expectedStatuses '" + text
                        + "': give statuses and ranges like 200-299,404 or 2xx");
            }
        }
        return new StatusSet(spec);
    }

    boolean contains(int status) {
        for (String part : text.split(",")) {
            Matcher m = STATUSES.matcher(part);
            m.matches();
            if (m.group(1) != null ? status / 100 == Integer.parseInt(m.group(1))
                    : m.group(3) == null ? status == Integer.parseInt(m.group(2))
                    : status >= Integer.parseInt(m.group(2)) && status <= Integer.parseInt(m.group(3))) {
                return true;
            }
        }
        return false;
    }
}
