package org.fediflow.workflow;

import org.flowable.common.engine.impl.interceptor.CommandContext;
import org.flowable.engine.impl.jobexecutor.TimerStartEventJobHandler;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;
import org.flowable.job.service.impl.persistence.entity.JobEntity;
import org.flowable.variable.api.delegate.VariableScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A timer of a flow that is switched off or not configured starts no run: it would only fail into an incident and a Slack alert
 * every tick ("Mastodon is not configured", "no bucket configured"). The timer itself goes on, so the flow runs
 * from the first tick after its settings are there (and a restart).
 */
class QuietTimerStart extends TimerStartEventJobHandler {

    private static final Logger log = LoggerFactory.getLogger(QuietTimerStart.class);
    private final FlowReadiness readiness;
    private final WorkflowProperties properties;

    QuietTimerStart(FlowReadiness readiness, WorkflowProperties properties) {
        this.readiness = readiness;
        this.properties = properties;
    }

    @Override
    public void execute(JobEntity job, String configuration, VariableScope variableScope, CommandContext commandContext) {
        String key = job.getProcessDefinitionId() == null ? null
                : ProcessDefinitionUtil.getProcessDefinition(job.getProcessDefinitionId()).getKey();
        if (key != null && !properties.enabled(key)) {
            log.info("{}: switched off (fediflow.flows.{}.enabled=false), its timer started no run", key, key);
            return;
        }
        var missing = key == null ? java.util.List.<String>of() : readiness.missing(key);
        if (!missing.isEmpty()) {
            log.info("{}: not configured, its timer started no run (needs {})", key, String.join(", ", missing));
            return;
        }
        super.execute(job, configuration, variableScope, commandContext);
    }
}
