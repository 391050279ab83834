package org.fediflow.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fediflow.shared.InvalidConfiguration;
import org.fediflow.testing.Programs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** The sender made from Spring Boot's spring.mail.* settings, against a real SMTP server (GreenMail) on loopback. */
class MailServerTest {

    static final String PASSWORD = "S3CRET-smtp-password-77aa";

    private final int port = Programs.freePort();
    private final GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("fediflow@example.social", "fediflow@example.social", PASSWORD));

    MailServerTest() {
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private MailProperties settings(int port, String password) {
        MailProperties settings = new MailProperties();
        settings.setHost("127.0.0.1");
        settings.setPort(port);
        settings.setUsername("fediflow@example.social");
        settings.setPassword(password);
        settings.getProperties().put("mail.smtp.auth", "true");
        settings.getProperties().put("mail.smtp.connectiontimeout", "5000");
        return settings;
    }

    private static MailServer server(MailProperties settings) {
        return server(settings, false);
    }

    private static MailServer server(MailProperties settings, boolean testConnection) {
        return new MailServer(settings, new StaticListableBeanFactory().getBeanProvider(SslBundles.class), testConnection);
    }

    @Test
    void theSpringMailSettingsMakeTheSenderAndNoHostMakesNone() {
        var settings = new org.springframework.boot.mail.autoconfigure.MailProperties();
        var bundles = new StaticListableBeanFactory().getBeanProvider(SslBundles.class);
        assertThat(new MailServer(settings, bundles, false).sender()).isEmpty();

        settings.setHost(" smtp.example.social ");
        settings.setPort(465);
        settings.setUsername("fediflow@example.social");
        settings.setPassword(PASSWORD);
        settings.setProtocol("smtps");
        settings.getProperties().put("mail.smtps.timeout", "30000");
        settings.getSsl().setEnabled(true);
        JavaMailSenderImpl sender = (JavaMailSenderImpl) new MailServer(settings, bundles, false).sender().orElseThrow();

        assertThat(sender.getHost()).isEqualTo("smtp.example.social");
        assertThat(sender.getPort()).isEqualTo(465);
        assertThat(sender.getUsername()).isEqualTo("fediflow@example.social");
        assertThat(sender.getPassword()).isEqualTo(PASSWORD);
        assertThat(sender.getProtocol()).isEqualTo("smtps");
        assertThat(sender.getJavaMailProperties()).containsEntry("mail.smtps.timeout", "30000")
                .containsEntry("mail.smtps.ssl.enable", "true");
    }

    @Test
    void withoutAHostThereIsNoSenderAndNothingToTest() {
        assertThat(server(new MailProperties(), true).sender()).isEmpty();
    }

    @Test
    void testConnectionPassesWhenTheServerAnswersAndTheLoginIsAccepted() {
        assertThat(server(settings(port, PASSWORD), true).sender()).isPresent();
    }

    @Test
    void testConnectionFailsTheStartWhenNoServerAnswersNamingTheSettingAndTheServer() {
        int nobody = Programs.freePort();
        assertThatThrownBy(() -> server(settings(nobody, PASSWORD), true)).isInstanceOf(InvalidConfiguration.class)
                .hasMessageStartingWith("spring.mail.test-connection: the SMTP server 127.0.0.1:" + nobody + " cannot be reached");
    }

    @Test
    void testConnectionFailsTheStartWhenTheLoginIsRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> server(settings(port, "wrong-" + PASSWORD), true)).isInstanceOf(InvalidConfiguration.class)
                .hasMessageContaining("refused the login").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void withoutTestConnectionAnUnreachableServerDoesNotStopTheStart() {
        assertThat(server(settings(Programs.freePort(), PASSWORD)).sender()).isPresent();
    }

    @Test
    void aJndiNameIsRefusedAtStartWithWhatToSetInstead() {
        MailProperties settings = new MailProperties();
        settings.setJndiName("java:comp/env/mail/Session");

        assertThatThrownBy(() -> server(settings)).isInstanceOf(InvalidConfiguration.class)
                .hasMessageStartingWith("spring.mail.jndi-name: ").hasMessageContaining("set spring.mail.host");
    }
}
