package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.Validator;

import org.fediflow.connector.ConnectorRegistry;
import org.fediflow.connector.Warmup;
import org.fediflow.testing.FlowTestSupport;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.ObjectMapper;

class FirstRunWarmupTest extends FlowTestSupport {

    @Autowired
    FirstRunWarmup warmup;
    @Autowired
    ProcessEngineConfiguration engine;
    @Autowired
    ConnectorRegistry connectors;
    @Autowired
    Validator validator;
    @Autowired
    ObjectMapper mapper;

    @Test
    void theLatestVersionOfEveryDiagramIsParsedBeforeAnEventNeedsIt() {
        var cache = ((ProcessEngineConfigurationImpl) engine).getProcessDefinitionCache();
        List<String> latest = repository.createProcessDefinitionQuery().latestVersion().active().list().stream()
                .map(ProcessDefinition::getId).toList();
        assertThat(latest).isNotEmpty();
        cache.clear(); // as after a restart: the definitions are in the database, none parsed yet

        warmup.warm();

        assertThat(latest).allSatisfy(id -> assertThat(cache.get(id)).as("parsed definition %s", id).isNotNull());
    }

    @Test
    void everyClientWarmsUpAndOneThatFailsStopsNeitherTheOthersNorTheDiagrams() {
        var cache = ((ProcessEngineConfigurationImpl) engine).getProcessDefinitionCache();
        String latest = repository.createProcessDefinitionQuery().latestVersion().active().list().get(0).getId();
        cache.clear();
        AtomicInteger warmed = new AtomicInteger();
        Warmup failing = () -> {
            throw new NoClassDefFoundError("com/sun/net/httpserver/HttpServer");
        };
        Warmup counting = warmed::incrementAndGet;
        FirstRunWarmup withClients = new FirstRunWarmup(repository, connectors, validator, mapper,
                List.of(failing, counting));

        withClients.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> cache.get(latest) != null);
        assertThat(warmed).hasValue(1);
    }
}
