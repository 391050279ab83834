package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.fediflow.testing.FlowTestSupport;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class FirstRunWarmupTest extends FlowTestSupport {

    @Autowired
    FirstRunWarmup warmup;
    @Autowired
    ProcessEngineConfiguration engine;

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
}
