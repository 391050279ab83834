package org.fediflow.workflow;

import java.util.List;

import jakarta.validation.Validator;

import org.fediflow.connector.ConnectorRegistry;
import org.fediflow.connector.Warmup;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Does once, beside the rest of the start, what the first run of each diagram and the first call of each connector
 * would otherwise do while an event waits: each connector client's {@link Warmup} (the Slack client's first post,
 * 450-600 ms of the first card after a restart), the engine parses each diagram's latest version into its cache, and
 * each connector's input type gets its Bean Validation rules and its JSON reader built. Measured on the first report after
 * a restart: about 850 ms to its Slack card without this (a third of it those three), see {@code bench/README.md}.
 *
 * <p>It runs on a thread of its own after the diagrams are deployed ({@link DiagramWatcher}) and does not hold up
 * the start: an event that comes first does the same work itself, as before. A failure here changes nothing either
 * (the run that needs the diagram reports the problem), so it is only logged.
 */
@Component
class FirstRunWarmup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FirstRunWarmup.class);

    private final RepositoryService repository;
    private final ConnectorRegistry connectors;
    private final Validator validator;
    private final ObjectMapper mapper;
    private final List<Warmup> clients;
    private volatile boolean running;

    FirstRunWarmup(RepositoryService repository, ConnectorRegistry connectors, Validator validator, ObjectMapper mapper,
                   List<Warmup> clients) {
        this.repository = repository;
        this.connectors = connectors;
        this.validator = validator;
        this.mapper = mapper;
        this.clients = clients;
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::warm, "first-run-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    void warm() {
        for (Warmup client : clients) {
            if (!running) {
                return;
            }
            try {
                client.warmUp();
            } catch (Exception | LinkageError e) {
                // LinkageError: e.g. a runtime image without the JDK's HTTP server, which Slack's warm-up uses.
                log.debug("warming {} stopped: {}", client.getClass().getSimpleName(), e.toString());
            }
        }
        try {
            for (ProcessDefinition definition : repository.createProcessDefinitionQuery().latestVersion().active().list()) {
                if (!running) {
                    return;
                }
                repository.getBpmnModel(definition.getId());
            }
            for (var descriptor : connectors.descriptors()) {
                connectors.connector(descriptor.id()).ifPresent(connector -> {
                    validator.getConstraintsForClass(connector.inputType());
                    mapper.readerFor(connector.inputType());
                });
            }
        } catch (RuntimeException e) {
            log.debug("warming the first runs stopped: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the diagrams are deployed, before the inbox hands out events. */
    @Override
    public int getPhase() {
        return DiagramWatcher.PHASE + 1;
    }
}
