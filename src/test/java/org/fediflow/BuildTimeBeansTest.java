package org.fediflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.fediflow.testing.Http;
import org.fediflow.testing.Programs;
import org.fediflow.testing.Slow;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A start from the jar uses Spring's build-time bean definitions (written by the pom's process-aot at package time, so
 * this runs in the slow lane, after the package). With a node's settings all given (e-mail, Slack, Mastodon, metrics)
 * they make the same beans as a plain start, so no setting is lost to the build's defaults; with {@code management.server.port}, the one setting that changes Spring Boot's beans, it starts the plain
 * way and serves the actuator on that port.
 */
@Slow
class BuildTimeBeansTest {

    private static final String[] CONFIGURED = {
        "--spring.mail.host=127.0.0.1", "--spring.mail.port=2525", "--fediflow.mail.from=fediflow@example.social",
        "--fediflow.slack.bot-token=xoxb-build-time-beans", "--fediflow.slack.signing-secret=build-time-beans-secret",
        "--fediflow.slack.api-url=http://127.0.0.1:9/api/", "--fediflow.mastodon.base-url=http://127.0.0.1:9",
        "--fediflow.mastodon.access-token=build-time-beans-token", "--fediflow.mastodon.webhook-secret=build-time-beans",
        "--fediflow.metrics.token=build-time-beans-metrics"};

    @AfterEach
    void plainAgain() {
        System.clearProperty(AotDetector.AOT_ENABLED);
    }

    @Test
    void theBuildTimeBeanDefinitionsMakeTheSameBeansAsAPlainStartWithEverySettingGiven() {
        Set<String> plain;
        try (ConfigurableApplicationContext context = start("plain", CONFIGURED)) {
            plain = beans(context);
        }
        System.setProperty(AotDetector.AOT_ENABLED, "true");
        try (ConfigurableApplicationContext context = start("aot", CONFIGURED)) {
            assertThat(context.getClass().getSimpleName()).as("a context that takes its beans as code")
                    .isEqualTo("ServletWebServerApplicationContext");
            assertThat(beans(context)).as("the beans of the build-time definitions").isEqualTo(plain);
        }
    }

    @Test
    void theJarStartsFromItsBuildTimeDefinitionsAsTheReadmeRunsIt() throws Exception {
        Path folder = TestDiagrams.tempFolder();
        Path log = folder.resolve("node.log");
        int port = Programs.freePort();
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-jar", Path.of("target", "fediflow.jar").toAbsolutePath().toString(), "--server.port=" + port,
                "--fediflow.admin.password=build-time-beans").directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            int status = 0;
            while (status != 200 && node.isAlive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
                try {
                    status = new Http(port).get("/actuator/health").statusCode();
                } catch (RuntimeException notListeningYet) {
                    status = 0;
                }
            }
            assertThat(status).as("health of the jar's node; its log:\n" + Files.readString(log)).isEqualTo(200);
            assertThat(Files.readString(log)).contains("Starting AOT-processed FediflowApplication");
        } finally {
            node.destroy();
            node.waitFor();
        }
    }

    @Test
    void aManagementPortMakesTheStartPlainAndServesTheActuatorThere() {
        System.setProperty(AotDetector.AOT_ENABLED, "true");
        try (ConfigurableApplicationContext context = start("management", "--management.server.port=0")) {
            assertThat(AotDetector.useGeneratedArtifacts()).as("build-time definitions in use").isFalse();
            int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
            int management = context.getEnvironment().getProperty("local.management.port", Integer.class);
            assertThat(management).isPositive().isNotEqualTo(port);
            assertThat(new Http(management).get("/actuator/health").statusCode()).isEqualTo(200);
        }
    }

    private static ConfigurableApplicationContext start(String name, String... settings) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.jmx.enabled=false",
                "--spring.datasource.url=jdbc:h2:mem:build-time-beans-" + name + "-" + System.nanoTime(),
                "--fediflow.admin.password=build-time-beans", "--fediflow.bpmn.dir=" + TestDiagrams.tempFolder()));
        arguments.addAll(List.of(settings));
        SpringApplication application = new SpringApplication(FediflowApplication.class);
        application.setMainApplicationClass(FediflowApplication.class);  // whose generated initializer to use
        return application.run(arguments.toArray(String[]::new));
    }

    /**
     * Bean names, without the ones a context adds for reading configuration classes at run time (which the
     * build-time definitions have done already), the generated names of unnamed inner beans, and the beans of the
     * test classpath, which the package's build-time processing does not see: the test connectors and Spring
     * Modulith's check (spring-modulith-starter-test).
     */
    private static Set<String> beans(ConfigurableApplicationContext context) {
        Set<String> names = new TreeSet<>();
        for (String name : context.getBeanFactory().getBeanDefinitionNames()) {
            Class<?> type = context.getBeanFactory().getType(name, false);
            boolean testOnly = type != null && (type.getName().startsWith("org.fediflow.testing.")
                    || type.getName().startsWith("org.springframework.modulith."));
            if (!name.startsWith("org.springframework.context.annotation.internal") && !name.contains("#")
                    && !name.equals("org.springframework.boot.autoconfigure.internalCachingMetadataReaderFactory") && !testOnly) {
                names.add(name);
            }
        }
        return names;
    }
}
