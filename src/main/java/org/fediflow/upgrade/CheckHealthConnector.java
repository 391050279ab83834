package org.fediflow.upgrade;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.hosts.Host;
import org.fediflow.shared.Lazy;
import org.springframework.stereotype.Component;

/**
 * {@code upgrade.check-health}: one look at a restarted host's {@code health-url} (HTTP 200 = healthy; the body is not
 * read). Not healthy yet: the diagram waits {@code fediflow.upgrade.health-interval} on a timer and asks again, so no
 * step holds a thread or a job lock while a host starts; past {@code fediflow.upgrade.health-timeout} the step fails.
 */
@ConnectorInfo(id = "upgrade.check-health", name = "Check a restarted host's health",
        description = "One GET of the host's health-url (200 = healthy, the body is not read). Not yet "
        + "healthy: the diagram waits on a timer and checks again; past "
        + "fediflow.upgrade.health-timeout the state says ok=false with the Slack "
        + "question. Hosts without health-url and dry runs count as healthy.")
@Component
class CheckHealthConnector implements Connector<CheckHealthConnector.Input, RolloutState> {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** @param phase the restart phase ({@code restart-web}…), @param host the host restarted */
    record Input(
            @Doc("The plan")
            @NotNull Plan plan,
            @Doc("The rollout state")
            @NotNull RolloutState state,
            @Doc("The restart phase, e.g. restart-web")
            @NotBlank String phase,
            @Doc("The host restarted")
            @NotBlank String host) {
    }

    private final Fleet fleet;
    private final UpgradeProperties properties;
    private final Clock clock;
    private final Lazy<HttpClient> http = new Lazy<>(HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT)::build);

    CheckHealthConnector(Fleet fleet, UpgradeProperties properties, Clock clock) {
        this.fleet = fleet;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public RolloutState execute(Input input, StepContext context) {
        RolloutState.Builder state = input.state().change();
        state.ok = input.state().ok();
        state.failed = input.state().failed();
        state.question = input.state().question();
        if (!input.state().ok() || input.state().isDone(input.phase(), input.host())) {
            return state.build();
        }
        Host host;
        try {
            host = fleet.host(input.host());
        } catch (IllegalArgumentException e) {
            throw new ConnectorFailure.BadInput(e.getMessage());
        }
        RolloutState.Health health = input.state().health();
        Instant since = health != null && host.name().equals(health.host()) ? Instant.parse(health.since()) : clock.instant();
        int checks = health != null && host.name().equals(health.host()) ? health.checks() + 1 : 1;
        String url = host.healthUrl();
        String at = clock.instant().toString();
        if (url == null || url.isBlank() || input.plan().dryRun()) {
            state.commands.add(new RolloutState.Step(input.phase(), host.name(), List.of("GET", String.valueOf(url)), null,
                    null, null, null, input.plan().dryRun(), at, url == null || url.isBlank()
                    ? "no health-url: not waited for" : "dry run: would wait for 200"));
            return healthy(state, input, host, url, since, checks, "not checked");
        }
        String answer = get(url);
        if (answer.equals("200")) {
            state.commands.add(new RolloutState.Step(input.phase(), host.name(), List.of("GET", url), null, "200", null,
                    Duration.between(since, clock.instant()).toMillis(), false, at, "healthy after " + checks + " checks"));
            return healthy(state, input, host, url, since, checks, answer);
        }
        if (Duration.between(since, clock.instant()).compareTo(properties.healthTimeout()) >= 0) {
            state.commands.add(new RolloutState.Step(input.phase(), host.name(), List.of("GET", url), null, answer, null,
                    Duration.between(since, clock.instant()).toMillis(), false, at, "not healthy in time"));
            state.health = new RolloutState.Health(host.name(), url, since.toString(), checks, false, true, answer);
            state.ok = false;
            state.failed = new RolloutState.Failure(input.phase(), host.name(), url + " did not answer 200 within "
                    + properties.healthTimeout() + " of the restart (last: " + answer + ", " + checks + " checks)");
            state.question = RolloutTexts.question(state.build(), input.plan());
            return state.build();
        }
        state.health = new RolloutState.Health(host.name(), url, since.toString(), checks, false, false, answer);
        return state.build();
    }

    private RolloutState healthy(RolloutState.Builder state, Input input, Host host, String url, Instant since,
                                 int checks, String answer) {
        state.health = new RolloutState.Health(host.name(), url, since.toString(), checks, true, false, answer);
        state.add(state.done, input.phase() + ":" + host.name());
        return state.build();
    }

    private String get(String url) {
        try {
            HttpResponse<Void> response = http.get().send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return String.valueOf(response.statusCode());
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorFailure.Temporary("interrupted", e);
        }
    }
}
