package org.fediflow;

import org.apache.commons.logging.Log;
import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The image starts from the bean definitions Spring's build-time (AOT) processing wrote at package time
 * ({@code -Dspring.aot.enabled=true} in the Dockerfile): about a second faster, but the beans are those of the
 * shipped settings. Fediflow's own beans never depend on a setting, and the e-mail sender is built from
 * {@code spring.mail.*} at run time (connector/mail/MailServer), so one setting is left that changes Spring Boot's
 * beans: {@code management.server.port}, which gives the actuator a server of its own. With it, this start uses the
 * plain way instead (the settings are read by then; the application context is not yet made), and says so once.
 */
class BuildTimeBeans implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    BuildTimeBeans(DeferredLogFactory logs) {
        this.log = logs.getLog(BuildTimeBeans.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (AotDetector.useGeneratedArtifacts() && ManagementPortType.get(environment) != ManagementPortType.SAME) {
            System.setProperty(AotDetector.AOT_ENABLED, "false");
            log.info("management.server.port is set: starting without the build-time bean definitions, which serve "
                    + "the actuator on the main port only");
        }
    }
}
