package org.fediflow.connector.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.validation.constraints.NotBlank;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends an e-mail over the SMTP server of {@code spring.mail.*}. The Message-ID is made from the step's idempotency
 * key, so a retried step sends a message that mail clients and mailbox providers recognise as the same one.
 * A server that cannot be reached, or refuses for now (4xx), is retried; a refused login or a recipient refused for
 * good (5xx) is an incident at once.
 */
@ConnectorInfo(id = "mail.send", name = "Send an e-mail",
        description = "Sends an e-mail over the SMTP server of spring.mail.* (host, port, username, "
        + "password; STARTTLS with spring.mail.properties.mail.smtp.starttls.enable, TLS "
        + "with spring.mail.protocol=smtps) from fediflow.mail.from. The Message-ID is "
        + "made from the step's idempotency key, so a retry sends the same message id. An "
        + "unreachable server or a temporary refusal (SMTP 4xx) is retried; a refused "
        + "login, a recipient refused for good (5xx) or a missing setting is an incident "
        + "at once.")
@Component
public class SendMailConnector implements Connector<SendMailConnector.Input, SendMailConnector.Output> {

    /**
     * @param to      recipients, comma-separated
     * @param cc      copy recipients, comma-separated
     * @param subject the subject line
     * @param text    the plain-text body
     * @param html    the HTML body; with text as well, the message carries both
     */
    public record Input(
            @Doc("Recipients, comma-separated")
            @NotBlank String to,
            @Doc("Copy recipients, comma-separated")
            String cc,
            @Doc("Subject line")
            @NotBlank String subject,
            @Doc(value = "Plain-text body", type = Doc.Type.TEXT)
            String text,
            @Doc(value = "HTML body; with text as well the message carries both (give at least one)", type = Doc.Type.TEXT)
            String html) {
    }

    /** @param messageId the Message-ID header the message was sent with, without angle brackets */
    public record Output(
            @Doc("The Message-ID the message was sent with")
            String messageId) {
    }

    private final MailServer server;
    private final MailProperties properties;

    public SendMailConnector(MailServer server, MailProperties properties) {
        this.server = server;
        this.properties = properties;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        JavaMailSender mail = server.sender().orElseThrow(() -> new ConnectorFailure.BadInput(
                "mail is not configured: set spring.mail.host (and port, username, password) and fediflow.mail.from"));
        boolean hasText = input.text() != null && !input.text().isBlank();
        boolean hasHtml = input.html() != null && !input.html().isBlank();
        if (!hasText && !hasHtml) {
            throw new ConnectorFailure.BadInput("give text, html or both");
        }
        String from = from(mail);
        String messageId = messageId(context.idempotencyKey(), from);
        try {
            MimeMessage message = new MimeMessage(mail.createMimeMessage().getSession()) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + messageId + ">");
                }
            };
            MimeMessageHelper helper = new MimeMessageHelper(message, hasText && hasHtml, StandardCharsets.UTF_8.name());
            helper.setFrom(new InternetAddress(from, true));
            helper.setTo(addresses("to", input.to()));
            if (input.cc() != null && !input.cc().isBlank()) {
                helper.setCc(addresses("cc", input.cc()));
            }
            helper.setSubject(input.subject().replaceAll("[\\r\\n]+", " "));
            if (hasText && hasHtml) {
                helper.setText(input.text(), input.html());
            } else {
                helper.setText(hasHtml ? input.html() : input.text(), hasHtml);
            }
            mail.send(message);
        } catch (AddressException e) {
            throw new ConnectorFailure.BadInput("fediflow.mail.from '" + from + "' is not an e-mail address", e);
        } catch (MessagingException e) {
            throw new ConnectorFailure.BadInput("cannot build the message: " + e.getMessage(), e);
        } catch (MailAuthenticationException e) {
            throw new ConnectorFailure.BadInput("the mail server refused the login (spring.mail.username/password)", e);
        } catch (MailSendException e) {
            throw classify(e);
        } catch (MailException e) {
            throw new ConnectorFailure.Temporary("cannot send mail: " + e.getMessage(), e);
        }
        return new Output(messageId);
    }

    /** A refusal for good (SMTP 5xx) will be the same on every try; anything else (4xx, no connection) may pass later. */
    static ConnectorFailure classify(MailSendException e) {
        for (Exception failed : e.getFailedMessages().values()) {
            for (Throwable t = failed; t != null; t = t.getCause()) {
                int code = t instanceof SMTPAddressFailedException a ? a.getReturnCode()
                        : t instanceof SMTPSendFailedException s ? s.getReturnCode() : 0;
                if (code >= 500) {
                    return new ConnectorFailure.BadInput("the mail server refused the message: " + oneLine(t), e);
                }
                if (code >= 400) {
                    return new ConnectorFailure.Temporary("the mail server refused the message for now: " + oneLine(t), e);
                }
                if (t instanceof SendFailedException s && s.getInvalidAddresses() != null && s.getInvalidAddresses().length > 0
                        && s.getValidSentAddresses() == null && s.getValidUnsentAddresses() == null) {
                    return new ConnectorFailure.BadInput("the mail server refused the recipients: " + oneLine(t), e);
                }
            }
        }
        return new ConnectorFailure.Temporary("cannot send mail: " + oneLine(e.getMostSpecificCause()), e);
    }

    private String from(JavaMailSender mail) {
        if (properties.from() != null && !properties.from().isBlank()) {
            return properties.from().trim();
        }
        if (mail instanceof JavaMailSenderImpl impl && impl.getUsername() != null && impl.getUsername().contains("@")) {
            return impl.getUsername();
        }
        throw new ConnectorFailure.BadInput("set fediflow.mail.from (the sender address)");
    }

    private static InternetAddress[] addresses(String input, String list) {
        try {
            InternetAddress[] addresses = InternetAddress.parse(list.replace(';', ','), true);
            if (addresses.length == 0) {
                throw new ConnectorFailure.BadInput(input + " names no address");
            }
            return addresses;
        } catch (AddressException e) {
            throw new ConnectorFailure.BadInput(input + " '" + list + "' is not a list of e-mail addresses: "
                    + e.getMessage(), e);
        }
    }

    /** {@code <hash of the step's key>@<sender's domain>}: the same for every try of one step. */
    private static String messageId(String idempotencyKey, String from) {
        String domain = "fediflow.invalid";
        try {
            String address = new InternetAddress(from).getAddress();
            domain = address.substring(address.indexOf('@') + 1);
        } catch (AddressException | RuntimeException e) {
            // the from address is checked when the message is built
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "fediflow." + HexFormat.of().formatHex(digest, 0, 16) + "@" + domain;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
