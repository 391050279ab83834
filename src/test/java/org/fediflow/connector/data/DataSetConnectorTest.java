package org.fediflow.connector.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.StepContext;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * data.set with a stand-in for the engine's expression language: each string holding an expression is handed over
 * on its own, and what comes back is put in as a JSON value. (The real engine runs it in ExampleDiagramsTest.)
 */
class DataSetConnectorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<String> evaluated = new ArrayList<>();
    private final Map<String, Object> results = Map.of(
            "${payload.monitor}", Map.of("name", "web", "up", false),
            "${count + 1}", 4L,
            "${payload.monitor.name} is down: ${payload.msg}", "web is down: said \"no\" ${evil}");

    private StepContext context() {
        return new StepContext("run:shape", "run", null, "shape", text -> {
            evaluated.add(text);
            if (!results.containsKey(text)) {
                throw new IllegalArgumentException("Unknown property used in expression: " + text);
            }
            return results.get(text);
        });
    }

    private JsonNode run(String template) {
        return JSON.valueToTree(new DataSetConnector().execute(new DataSetConnector.Input(template), context()));
    }

    @Test
    void fillsAJsonTemplateKeepingTypesAndTextSafe() {
        JsonNode value = run("""
                {"text": "${payload.monitor.name} is down: ${payload.msg}", "monitor": "${payload.monitor}",
                 "count": "${count + 1}", "fixed": [1, "two", null], "nested": {"again": "${count + 1}"}}""");

        assertThat(value.get("text").asString()).isEqualTo("web is down: said \"no\" ${evil}");
        assertThat(value.get("monitor").get("name").asString()).isEqualTo("web");
        assertThat(value.get("count").isNumber()).isTrue();
        assertThat(value.get("count").asLong()).isEqualTo(4);
        assertThat(value.get("fixed").toString()).isEqualTo("[1,\"two\",null]");
        assertThat(value.get("nested").get("again").asLong()).isEqualTo(4);
        assertThat(evaluated).as("what an expression yields is never evaluated again").doesNotContain("${evil}");
    }

    @Test
    void textThatIsNotJsonIsATextTemplate() {
        assertThat(run("${payload.monitor.name} is down: ${payload.msg}").asString())
                .isEqualTo("web is down: said \"no\" ${evil}");
        assertThat(run("[\"admin\", \"moderator\"]").toString()).isEqualTo("[\"admin\",\"moderator\"]");
    }

    @Test
    void anExpressionThatFailsIsAnIncidentNamingIt() {
        assertThatThrownBy(() -> run("{\"a\": \"${nope}\"}")).isInstanceOf(ConnectorFailure.BadInput.class)
                .hasMessageContaining("${nope}").hasMessageContaining("Unknown property");
    }

    @Test
    void datesForExpressionsAreIsoDatesInTheClocksZone() {
        Dates dates = new Dates(Clock.fixed(Instant.parse("2026-12-01T00:30:00Z"), ZoneId.of("Europe/Berlin")));

        assertThat(dates.today()).isEqualTo("2026-12-01");
        assertThat(dates.yesterday()).isEqualTo("2026-11-30");
        assertThat(dates.daysAgo(7)).isEqualTo("2026-11-24");
        assertThat(dates.now()).isEqualTo("2026-12-01T00:30:00Z");
    }
}
