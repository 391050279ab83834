package org.fediflow.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.util.List;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;

/** age encryption (X25519 recipients) with Jagged; the output decrypts with {@code age -d -i KEYFILE}. */
final class Age {

    private Age() {
    }

    static RecipientStanzaWriter writer(String recipient) {
        try {
            return X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an age X25519 recipient: " + e.getMessage(), e);
        }
    }

    /** A stream encrypting to the recipients into {@code target}; closing it ends the age payload and closes target. */
    static OutputStream encrypt(OutputStream target, List<String> recipients) throws IOException {
        try {
            WritableByteChannel channel = new StandardEncryptingChannelFactory()
                    .newEncryptingChannel(Channels.newChannel(target), recipients.stream().map(Age::writer).toList());
            return Channels.newOutputStream(channel);
        } catch (GeneralSecurityException e) {
            throw new IOException("age encryption could not start: " + e.getMessage(), e);
        }
    }
}
