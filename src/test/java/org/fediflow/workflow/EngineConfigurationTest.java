package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.apache.ibatis.parsing.XNode;
import org.apache.ibatis.parsing.XPathParser;
import org.apache.ibatis.session.Configuration;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.engine.runtime.ActivityInstance;
import org.flowable.engine.runtime.Execution;
import org.junit.jupiter.api.Test;

class EngineConfigurationTest {

    @Test
    void theMappingFilesAreForgottenOnceEveryStatementIsParsed() {
        Configuration mybatis = new Configuration();
        mybatis.getSqlFragments().put("columns", fragment());

        EngineConfiguration.forgetMappingFiles(mybatis);

        assertThat(mybatis.getSqlFragments()).isEmpty();
    }

    @Test
    void theMappingFilesAreKeptWhileAStatementStillWaitsToBeParsed() {
        Configuration mybatis = new Configuration();
        mybatis.getSqlFragments().put("columns", fragment());
        mybatis.addIncompleteMethod(null);

        EngineConfiguration.forgetMappingFiles(mybatis);

        assertThat(mybatis.getSqlFragments()).containsKey("columns");
    }

    @Test
    void takenFlowsAreRecordedInTheRunsHistoryButNotAsRuntimeActivities() {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
                .createStandaloneInMemProcessEngineConfiguration()
                .setJdbcUrl("jdbc:h2:mem:flows-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
        configuration.setAsyncExecutorActivate(false);
        configuration.setActivityInstanceDataManager(new EngineConfiguration.TakenFlowsInHistoryOnly(configuration));
        ProcessEngine engine = configuration.buildProcessEngine();
        try {
            engine.getRepositoryService().createDeployment().addString("loop.bpmn20.xml", LOOP).deploy();
            var runtime = engine.getRuntimeService();
            String run = runtime.startProcessInstanceByKey("loop").getId();
            runtime.trigger(waitingExecution(engine, run));  // first visit of "wait" ends; the gateway loops back

            assertThat(runtime.createActivityInstanceQuery().processInstanceId(run).list())
                    .extracting(ActivityInstance::getActivityType).doesNotContain("sequenceFlow").contains("receiveTask");
            // What ConnectorDelegate counts for a step's idempotency key: the finished visits of the step.
            assertThat(runtime.createActivityInstanceQuery().processInstanceId(run).activityId("wait").finished().count())
                    .isEqualTo(1);
            assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(run).list())
                    .extracting(HistoricActivityInstance::getActivityId)
                    .contains("toWait", "toChoice", "again");

            runtime.setVariable(run, "done", true);
            runtime.trigger(waitingExecution(engine, run));

            assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(run)
                    .singleResult().getEndTime()).isNotNull();
            assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(run).list())
                    .extracting(HistoricActivityInstance::getActivityId)
                    .containsExactlyInAnyOrder("start", "toWait", "wait", "toChoice", "choice", "again",
                            "wait", "toChoice", "choice", "finish", "end");
        } finally {
            engine.close();
        }
    }

    private static String waitingExecution(ProcessEngine engine, String run) {
        return engine.getRuntimeService().createExecutionQuery().processInstanceId(run).activityId("wait").list()
                .stream().map(Execution::getId).findFirst().orElseThrow();
    }

    private static final String LOOP = """
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="test">
              <process id="loop" isExecutable="true">
                <startEvent id="start"/>
                <sequenceFlow id="toWait" sourceRef="start" targetRef="wait"/>
                <receiveTask id="wait"/>
                <sequenceFlow id="toChoice" sourceRef="wait" targetRef="choice"/>
                <exclusiveGateway id="choice" default="again"/>
                <sequenceFlow id="again" sourceRef="choice" targetRef="wait"/>
                <sequenceFlow id="finish" sourceRef="choice" targetRef="end">
                  <conditionExpression>${execution.getVariable('done') != null}</conditionExpression>
                </sequenceFlow>
                <endEvent id="end"/>
              </process>
            </definitions>
            """;

    private static XNode fragment() {
        return new XPathParser("<sql id=\"columns\">ID_, REV_</sql>").evalNode("/sql");
    }
}
