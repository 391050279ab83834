package org.fediflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose install without a Docker engine: {@code docker-compose config} (Debian's docker-compose) reads
 * docker-compose.yml with a .env made from .env.example, and every variable the README lists reaches Fediflow's
 * container; .env.example lists every setting Fediflow has.
 */
class ComposeFileTest {

    static final Pattern VARIABLE = Pattern.compile("FEDIFLOW_[A-Z0-9_]*[A-Z0-9]\\b(?![<…])");

    static Set<String> readmeVariables() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = VARIABLE.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableTheReadmeListsReachesTheContainer() throws Exception {
        Path dir = TestDiagrams.tempFolder();
        Files.copy(Path.of("docker-compose.yml"), dir.resolve("docker-compose.yml"));
        // The operator's .env: .env.example with every listed setting switched on and the required ones filled in.
        String env = Files.readString(Path.of(".env.example")).replaceAll("(?m)^# (FEDIFLOW_[A-Z0-9_]+=)", "$1")
                .replaceAll("(?m)^POSTGRES_PASSWORD=$", "POSTGRES_PASSWORD=compose-test-pw");
        Files.writeString(dir.resolve(".env"), env);

        Process compose = new ProcessBuilder("docker-compose", "--project-directory", dir.toString(), "-f",
                dir.resolve("docker-compose.yml").toString(), "config").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String config = new String(compose.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(compose.waitFor()).as("docker-compose config").isZero();

        Map<String, Object> services = (Map<String, Object>) new Yaml().<Map<String, Object>>load(config).get("services");
        Map<String, Object> fediflow = (Map<String, Object>) services.get("fediflow");
        Map<String, Object> environment = (Map<String, Object>) fediflow.get("environment");
        Set<String> readme = readmeVariables();
        assertThat(readme).contains("FEDIFLOW_ADMIN_PASSWORD", "FEDIFLOW_TRUSTED_PROXIES", "FEDIFLOW_BACKUP_FEDIFLOW_DATABASE");
        assertThat(environment.keySet()).containsAll(readme);
        assertThat(environment).containsEntry("SPRING_DATASOURCE_PASSWORD", "compose-test-pw")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/fediflow");
    }

    @Test
    void aFreshCheckoutWithoutEnvPassesComposeConfig() throws Exception {
        Path dir = TestDiagrams.tempFolder();
        Files.copy(Path.of("docker-compose.yml"), dir.resolve("docker-compose.yml"));
        Files.copy(Path.of(".env.example"), dir.resolve(".env.example"));

        Process compose = new ProcessBuilder("docker-compose", "--project-directory", dir.toString(), "-f",
                dir.resolve("docker-compose.yml").toString(), "config", "-q").redirectErrorStream(true).start();
        String said = new String(compose.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(compose.waitFor()).as("docker-compose config -q without .env: " + said).isZero();
    }

    @Test
    void theExampleListsEverySettingFediflowHas() throws IOException {
        String example = Files.readString(Path.of(".env.example"));
        assertThat(KnownSettings.load().properties()).contains("fediflow.admin.password", "fediflow.trusted-proxies");
        for (String property : KnownSettings.load().properties()) {
            if (property.equals("fediflow.upgrade.extra-commands")) {
                continue; // keyed by version ("[4.3.2]"): YAML only, as .env.example says
            }
            String variable = KnownSettings.variable(property);
            assertThat(example).as(property).containsPattern("(?m)^(# )?" + Pattern.quote(variable) + "(=|_[A-Z0-9]+)");
        }
    }

    @Test
    void theImageIsBuiltFromTheSourcesAndRunsAsAnotherUserThanRoot() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("AS console").contains("AS jar").contains("COPY --from=jar")
                .doesNotContain("COPY target/").containsPattern("(?m)^USER fediflow$").containsPattern("(?m)^HEALTHCHECK ")
                .contains("postgresql-client-").contains("redis-tools").contains("rclone").contains(" age ");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("target/").contains(".env").contains("data/");
    }
}
