package org.fediflow.connector.hosts;

import java.security.PublicKey;
import java.util.List;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host key a connection must see (the one pinned in the inventory), and the one it saw when that was another.
 * A connection carries its pin as an attribute; {@link #enforce} makes a client offer only the pinned key's
 * algorithms and accept no other key: no trust-on-first-use, no {@code ~/.ssh}.
 */
final class PinnedHostKey {

    static final AttributeRepository.AttributeKey<PinnedHostKey> ATTRIBUTE = new AttributeRepository.AttributeKey<>();
    private static final Logger log = LoggerFactory.getLogger(PinnedHostKey.class);

    final PublicKey expected;
    volatile PublicKey shown;

    PinnedHostKey(PublicKey expected) {
        this.expected = expected;
    }

    /** Makes the client check every connection's host key against the pin the connection carries. */
    static void enforce(SshClient ssh) {
        ssh.setServerKeyVerifier((session, address, key) -> {
            PinnedHostKey pin = session.getConnectionContext() == null ? null
                    : session.getConnectionContext().getAttribute(ATTRIBUTE);
            if (pin != null && KeyUtils.compareKeys(pin.expected, key)) {
                return true;
            }
            if (pin != null) {
                pin.shown = key;
            }
            log.warn("Refused host key {} from {}", KeyUtils.getFingerPrint(key), address);
            return false;
        });
        ssh.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                if (session instanceof ClientSession clientSession && clientSession.getConnectionContext() != null) {
                    PinnedHostKey pin = clientSession.getConnectionContext().getAttribute(ATTRIBUTE);
                    if (pin != null) {
                        session.setSignatureFactories(pin.algorithms(ssh.getSignatureFactories()));
                    }
                }
            }
        });
    }

    /** The signature algorithms of the pinned key's type, so the server shows that key and no other. */
    List<NamedFactory<Signature>> algorithms(List<NamedFactory<Signature>> all) {
        String type = KeyUtils.getKeyType(expected);
        List<NamedFactory<Signature>> matching = all.stream()
                .filter(f -> type.equals(KeyUtils.getCanonicalKeyType(f.getName()))).toList();
        return matching.isEmpty() ? all : matching;
    }
}
