package org.fediflow;

import org.apache.commons.logging.Log;
import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * A packaged Fediflow ({@code java -jar fediflow.jar}, and the image's unpacked jar) starts from the bean definitions
 * Spring's build-time (AOT) processing wrote as code when the jar was made (the pom's process-aot), instead of
 * reading and checking the configuration classes at every start: 1.4 s less of a 12-14 s {@code java -jar}
 * start on average (seven alternating pairs, from 1 s slower to 3 s faster), 0.7-0.9 s of the image's. {@code -Dspring.aot.enabled=false} starts the plain way; so does a start
 * from a classes folder (an IDE, the tests), whose generated definitions may be older than the code.
 * <p>
 * The definitions are those of the shipped settings. Fediflow's own beans never depend on a setting, and the e-mail
 * sender is made from {@code spring.mail.*} at run time (connector/mail/MailServer), so one setting is left that
 * changes Spring Boot's beans: {@code management.server.port}, which gives the actuator a server of its own. With it,
 * this start uses the plain way instead (the settings are read by then; the application context is not yet made),
 * and says so once.
 */
class BuildTimeBeans implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    BuildTimeBeans(DeferredLogFactory logs) {
        this.log = logs.getLog(BuildTimeBeans.class);
    }

    /** Turns the build-time definitions on for a start from a packaged jar, unless {@code spring.aot.enabled} is set. */
    static void useWhenPackaged() {
        boolean packaged = "jar".equals(FediflowApplication.class.getResource("FediflowApplication.class").getProtocol());
        boolean generated = ClassUtils.isPresent(FediflowApplication.class.getName() + "__ApplicationContextInitializer",
                FediflowApplication.class.getClassLoader());
        if (packaged && generated && System.getProperty(AotDetector.AOT_ENABLED) == null) {
            System.setProperty(AotDetector.AOT_ENABLED, "true");
        }
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
