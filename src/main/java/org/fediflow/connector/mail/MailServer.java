package org.fediflow.connector.mail;

import java.util.Optional;
import java.util.Properties;

import jakarta.mail.MessagingException;

import org.fediflow.shared.InvalidConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The SMTP server of Spring Boot's {@code spring.mail.*} settings (host, port, username, password, protocol,
 * default-encoding, properties, ssl.enabled and ssl.bundle, as Spring Boot reads them), made into a sender at run
 * time, or none without {@code spring.mail.host}. With {@code spring.mail.test-connection} the start fails, as with
 * Spring Boot's own sender, when the server cannot be reached or refuses the login; {@code spring.mail.jndi-name} is
 * refused at start, since Fediflow runs without a JNDI server and would otherwise ignore it. Spring Boot's own mail
 * auto-configuration makes its sender bean only when the host is set; a bean that depends on a setting is one the
 * image's build-time bean definitions cannot follow ({@code BuildTimeBeans}), so Fediflow leaves it out
 * ({@code FediflowApplication}) and makes the sender here.
 */
@Component
@EnableConfigurationProperties(org.springframework.boot.mail.autoconfigure.MailProperties.class)
public class MailServer {

    private final JavaMailSender sender;

    @Autowired
    MailServer(org.springframework.boot.mail.autoconfigure.MailProperties settings, ObjectProvider<SslBundles> bundles,
               @Value("${spring.mail.test-connection:false}") boolean testConnection) {
        this(configured(settings, bundles, testConnection));
    }

    /** A given sender (tests), or none. */
    MailServer(JavaMailSender sender) {
        this.sender = sender;
    }

    /** The sender, or empty when no SMTP server is set. */
    public Optional<JavaMailSender> sender() {
        return Optional.ofNullable(sender);
    }

    private static JavaMailSender configured(org.springframework.boot.mail.autoconfigure.MailProperties settings,
            ObjectProvider<SslBundles> bundles, boolean testConnection) {
        if (settings.getJndiName() != null && !settings.getJndiName().isBlank()) {
            throw new InvalidConfiguration("spring.mail.jndi-name", "Fediflow runs without a JNDI server; "
                    + "set spring.mail.host (and .port, .username, .password) instead");
        }
        if (settings.getHost() == null || settings.getHost().isBlank()) {
            return null;
        }
        JavaMailSenderImpl sender = sender(settings, bundles);
        if (testConnection) {
            try {
                sender.testConnection();
            } catch (MessagingException e) {
                throw new InvalidConfiguration("spring.mail.test-connection", "the SMTP server " + sender.getHost()
                        + (sender.getPort() > 0 ? ":" + sender.getPort() : "") + " cannot be reached or refused the login ("
                        + e.getMessage() + "); check spring.mail.host, .port, .username and .password");
            }
        }
        return sender;
    }

    private static JavaMailSenderImpl sender(org.springframework.boot.mail.autoconfigure.MailProperties settings,
            ObjectProvider<SslBundles> bundles) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(settings.getHost().trim());
        if (settings.getPort() != null) {
            sender.setPort(settings.getPort());
        }
        sender.setUsername(settings.getUsername());
        sender.setPassword(settings.getPassword());
        sender.setProtocol(settings.getProtocol());
        if (settings.getDefaultEncoding() != null) {
            sender.setDefaultEncoding(settings.getDefaultEncoding().name());
        }
        Properties properties = new Properties();
        properties.putAll(settings.getProperties());
        String protocol = settings.getProtocol() == null || settings.getProtocol().isBlank() ? "smtp" : settings.getProtocol();
        if (settings.getSsl().isEnabled()) {
            properties.setProperty("mail." + protocol + ".ssl.enable", "true");
        }
        if (settings.getSsl().getBundle() != null) {
            properties.put("mail." + protocol + ".ssl.socketFactory",
                    bundles.getObject().getBundle(settings.getSsl().getBundle()).createSslContext().getSocketFactory());
        }
        sender.setJavaMailProperties(properties);
        return sender;
    }
}
