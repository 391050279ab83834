package org.fediflow;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Spring Boot's mail sender is left out: connector/mail/MailServer makes it from the same settings at run time. */
@SpringBootApplication(exclude = MailSenderAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class FediflowApplication {

    @Bean
    Clock clock() {
        return java.time.Clock.systemUTC();
    }

    public static void main(String[] args) {
        BuildTimeBeans.useWhenPackaged();
        SpringApplication.run(FediflowApplication.class, args);
    }
}
