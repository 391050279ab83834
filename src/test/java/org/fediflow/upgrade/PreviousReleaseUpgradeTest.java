package org.fediflow.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.fediflow.FediflowApplication;
import org.fediflow.testing.Http;
import org.fediflow.testing.Postgres;
import org.fediflow.testing.TestDiagrams;
import org.flowable.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upgrading Fediflow: this code starts on a database made by the previous release after some use
 * ({@code upgrade/previous-release.sql.gz}, made by {@code make-previous-release.sh} from commit 66feeac), migrates it,
 * and everything of before is still there: the admin password it generated, the ledger, the runs and their incidents
 * (a report and a backup run that failed: Mastodon and the bucket were not set up);
 * the shipped diagrams follow the new jar.
 */
class PreviousReleaseUpgradeTest {

    /** The password the previous release generated and printed at its first start (see the script's output). */
    static final String PREVIOUS_ADMIN_PASSWORD = "r28fboQPRrLiwktHfoER";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static void load(String url) throws Exception {
        String name = url.substring(url.lastIndexOf('/') + 1);
        Process psql = new ProcessBuilder("psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres", "-d", name)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(false).start();
        try (InputStream dump = new GZIPInputStream(PreviousReleaseUpgradeTest.class.getResourceAsStream("/upgrade/previous-release.sql.gz"));
             OutputStream in = psql.getOutputStream()) {
            dump.transferTo(in);
        }
        String errors = new String(psql.getErrorStream().readAllBytes());
        assertThat(psql.waitFor()).as("psql: " + errors).isZero();
    }

    @Test
    void theNewCodeMigratesTheDatabaseOfThePreviousReleaseAndKeepsItsData() throws Exception {
        String url = Postgres.freshDatabase();
        load(url);
        Path folder = TestDiagrams.tempFolder().resolve("bpmn");
        try (var context = new SpringApplication(FediflowApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--fediflow.bpmn.dir=" + folder, "--fediflow.bpmn.shipped=true")) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForList("SELECT version FROM fediflow_schema_history WHERE success", String.class))
                    .contains("75");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM donation_entry", Long.class)).isOne();

            Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
            String auth = Http.basic("admin", PREVIOUS_ADMIN_PASSWORD);
            JsonNode incidents = JSON.readTree(http.get("/api/incidents", "Authorization", auth).body());
            assertThat(incidents.findValuesAsString("definitionKey"))
                    .contains("report-to-moderators", "backup");
            assertThat(JSON.readTree(http.get("/api/instances?definition=donation-recording", "Authorization", auth).body()))
                    .hasSize(1);

            RepositoryService repository = context.getBean(RepositoryService.class);
            for (String key : List.of("backup", "report-to-moderators", "release-watch")) {
                var latest = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
                try (var in = repository.getResourceAsStream(latest.getDeploymentId(), latest.getResourceName())) {
                    assertThat(in.readAllBytes()).as(key + " follows the jar").isEqualTo(Files.readAllBytes(Path.of("bpmn", key + ".bpmn")));
                }
            }
        }
    }
}
