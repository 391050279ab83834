package org.fediflow.connector.http;

import org.fediflow.connector.credentials.Credential;

/** Replaces the credential's secrets in what the step keeps or reports (a server may echo them back). */
record Scrubber(Credential credential) {
    String apply(String text) {
        if (credential == null || text == null) {
            return text;
        }
        String scrubbed = text;
        for (String secret : credential.secretValues()) {
            if (secret.length() >= 4) {
                scrubbed = scrubbed.replace(secret, "********");
            }
        }
        return scrubbed;
    }
}
