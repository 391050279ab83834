package org.fediflow.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/**
 * A connector for tests of the engine glue: fails its first {@code failures} calls per {@code key} in the
 * given way, then succeeds. Counts every call.
 */
@ConnectorInfo(id = "test.flaky", name = "Flaky (tests only)",
        description = "Fails its first calls per key in the given way, then succeeds.",
        errors = @ConnectorInfo.ErrorCode(code = "flaky-outcome", description = "Thrown with kind=business"))
@Component
public class FlakyConnector implements Connector<FlakyConnector.Input, FlakyConnector.Output> {

    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    public record Input(
            @Doc("Counter key") @NotBlank String key,
            @Doc("Calls that fail before one succeeds") @NotNull Integer failures,
            @Doc("temporary, bad-input or business") String kind,
            @Doc(value = "Ignored; lets tests pass a secret through", secret = true) String secretValue) {
    }

    public record Output(
            @Doc("Calls so far for this key") int calls,
            @Doc("The step's idempotency key") String idempotencyKey) {
    }

    public static int calls(String key) {
        AtomicInteger calls = CALLS.get(key);
        return calls == null ? 0 : calls.get();
    }

    @Override
    public Output execute(Input input, StepContext context) {
        int call = CALLS.computeIfAbsent(input.key(), k -> new AtomicInteger()).incrementAndGet();
        if (call <= input.failures()) {
            String kind = input.kind() == null ? "temporary" : input.kind();
            switch (kind) {
                case "bad-input" -> throw new ConnectorFailure.BadInput("refused on call " + call);
                case "business" -> throw new ConnectorFailure.Business("flaky-outcome", "outcome on call " + call);
                default -> throw new ConnectorFailure.Temporary("temporarily down on call " + call);
            }
        }
        return new Output(call, context.idempotencyKey());
    }
}
