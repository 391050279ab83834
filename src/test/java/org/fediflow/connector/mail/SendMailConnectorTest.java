package org.fediflow.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.StepContext;
import org.fediflow.testing.Programs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/** mail.send against a real SMTP server (GreenMail) on a loopback port, with SMTP AUTH as a provider asks for. */
class SendMailConnectorTest {

    static final String PASSWORD = "S3CRET-smtp-password-3e4f";
    static final StepContext STEP = new StepContext("run-9:mail", "run-9", "k", "mail");

    private final int port = Programs.freePort();
    private final GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("fediflow@example.social", "fediflow@example.social", PASSWORD));

    SendMailConnectorTest() {
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private static SendMailConnector connector(int port, String password, String from) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        sender.setUsername("fediflow@example.social");
        sender.setPassword(password);
        Properties properties = new Properties();
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "5000");
        sender.setJavaMailProperties(properties);
        return new SendMailConnector(new MailServer(sender), new MailProperties(from));
    }

    @Test
    void sendsTextAndHtmlToEveryRecipientWithAMessageIdMadeFromTheStep() throws Exception {
        SendMailConnector mail = connector(port, PASSWORD, "Fediflow <fediflow@example.social>");

        SendMailConnector.Output out = mail.execute(new SendMailConnector.Input("treasurer@example.social, board@example.social",
                "books@example.social", "New donation: 5.00 EUR\r\nBcc: evil@example.org", "Ann gave 5.00 EUR", "<p>Ann gave <b>5.00 EUR</b></p>"), STEP);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(3);
        MimeMessage first = received[0];
        assertThat(first.getSubject()).isEqualTo("New donation: 5.00 EUR Bcc: evil@example.org");
        assertThat(((InternetAddress) first.getFrom()[0]).getAddress()).isEqualTo("fediflow@example.social");
        assertThat(first.getRecipients(Message.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("treasurer@example.social", "board@example.social");
        assertThat(first.getRecipients(Message.RecipientType.CC)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("books@example.social");
        assertThat(first.getMessageID()).isEqualTo("<" + out.messageId() + ">");
        assertThat(out.messageId()).endsWith("@example.social");
        String whole = GreenMailUtil.getWholeMessage(first);
        assertThat(whole).contains("multipart/alternative").contains("text/plain").contains("Ann gave 5.00 EUR")
                .contains("text/html").contains("<b>5.00 EUR</b>");

        String again = mail.execute(new SendMailConnector.Input("treasurer@example.social", null, "s", "t", null), STEP).messageId();
        String other = mail.execute(new SendMailConnector.Input("treasurer@example.social", null, "s", "t", null),
                new StepContext("run-9:other", "run-9", "k", "other")).messageId();
        assertThat(again).as("a retry of the same step keeps the Message-ID").isEqualTo(out.messageId());
        assertThat(other).isNotEqualTo(out.messageId());
        assertThat(smtp.getReceivedMessages()[3].getContent().toString().trim()).isEqualTo("t");
    }

    @Test
    void unreachableServerIsTemporary() {
        SendMailConnector mail = connector(Programs.freePort(), PASSWORD, "fediflow@example.social");

        assertThatThrownBy(() -> mail.execute(new SendMailConnector.Input("a@example.social", null, "s", "t", null), STEP))
                .isInstanceOf(ConnectorFailure.Temporary.class).hasMessageContaining("cannot send mail");
    }

    @Test
    void refusedLoginIsAnIncidentThatNeverShowsThePassword() {
        SendMailConnector mail = connector(port, "wrong-" + PASSWORD, "fediflow@example.social");

        assertThatThrownBy(() -> mail.execute(new SendMailConnector.Input("a@example.social", null, "s", "t", null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("refused the login")
                .hasMessageNotContaining(PASSWORD);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void recipientRefusedForGoodIsAnIncidentAndForNowIsRetried() throws Exception {
        MailSendException permanent = new MailSendException(Map.of(new Object(), new SMTPAddressFailedException(
                new InternetAddress("nobody@example.social"), "RCPT TO", 550, "550 5.1.1 no such user")));
        MailSendException later = new MailSendException(Map.of(new Object(), new SMTPAddressFailedException(
                new InternetAddress("busy@example.social"), "RCPT TO", 451, "451 4.7.1 greylisted, try again")));

        assertThat(SendMailConnector.classify(permanent)).isInstanceOf(ConnectorFailure.BadInput.class)
                .hasMessageContaining("no such user");
        assertThat(SendMailConnector.classify(later)).isInstanceOf(ConnectorFailure.Temporary.class)
                .hasMessageContaining("greylisted");
    }

    @Test
    void badInputsAreIncidentsBeforeAnythingIsSent() {
        SendMailConnector mail = connector(port, PASSWORD, "fediflow@example.social");
        SendMailConnector unconfigured = new SendMailConnector(new MailServer((JavaMailSender) null),
                new MailProperties("fediflow@example.social"));

        assertThatThrownBy(() -> mail.execute(new SendMailConnector.Input("not an address", null, "s", "t", null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("to 'not an address'");
        assertThatThrownBy(() -> mail.execute(new SendMailConnector.Input("a@example.social", null, "s", " ", null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("text, html or both");
        assertThatThrownBy(() -> unconfigured.execute(new SendMailConnector.Input("a@example.social", null, "s", "t", null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("spring.mail.host");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }
}
