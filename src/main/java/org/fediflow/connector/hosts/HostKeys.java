package org.fediflow.connector.hosts;

import java.security.PublicKey;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/** Reads a pinned host key given in {@code known_hosts} or {@code .pub} form. */
final class HostKeys {

    private HostKeys() {
    }

    /**
     * @param line {@code ssh-ed25519 AAAA… [comment]}, optionally preceded by host names as in {@code known_hosts}
     * @throws IllegalArgumentException naming what is wrong
     */
    static PublicKey parse(String line) {
        String[] tokens = line.trim().split("\\s+");
        int type = tokens[0].startsWith("ssh-") || tokens[0].startsWith("ecdsa-") || tokens[0].startsWith("sk-") ? 0 : 1;
        if (tokens.length < type + 2) {
            throw new IllegalArgumentException("not a public key line ('<type> <base64>'): " + abbreviate(line));
        }
        PublicKey key;
        try {
            key = PublicKeyEntry.parsePublicKeyEntry(tokens[type] + " " + tokens[type + 1])
                    .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a readable " + tokens[type] + " key: " + e.getMessage(), e);
        }
        if (key == null) {
            throw new IllegalArgumentException("unsupported key type " + tokens[type]);
        }
        return key;
    }

    private static String abbreviate(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "…";
    }
}
