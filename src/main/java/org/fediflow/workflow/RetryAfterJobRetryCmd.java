package org.fediflow.workflow;

import java.time.Duration;
import java.util.Date;

import org.flowable.common.engine.impl.interceptor.CommandContext;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.engine.impl.cmd.JobRetryCmd;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.job.service.JobServiceConfiguration;
import org.flowable.job.service.impl.persistence.entity.JobEntity;
import org.flowable.job.service.impl.persistence.entity.TimerJobEntity;

/**
 * Flowable's retry handling, plus: when the outside system said how long to wait (HTTP 429 Retry-After),
 * the next try is not scheduled before that.
 */
class RetryAfterJobRetryCmd extends JobRetryCmd {

    RetryAfterJobRetryCmd(String jobId, Throwable exception) {
        super(jobId, exception);
    }

    @Override
    public Object execute(CommandContext commandContext) {
        Duration retryAfter = retryAfter();
        if (retryAfter == null) {
            return super.execute(commandContext);
        }
        ProcessEngineConfigurationImpl engine = CommandContextUtil.getProcessEngineConfiguration(commandContext);
        JobServiceConfiguration jobs = engine.getJobServiceConfiguration();
        JobEntity job = jobs.getJobEntityManager().findById(jobId);
        Object result = super.execute(commandContext);
        if (job != null && job.getExecutionId() != null) {
            Date earliest = new Date(engine.getClock().getCurrentTime().getTime() + retryAfter.toMillis());
            for (TimerJobEntity timer : jobs.getTimerJobEntityManager().findJobsByExecutionId(job.getExecutionId())) {
                if (job.getJobHandlerType().equals(timer.getJobHandlerType())
                        && (timer.getDuedate() == null || timer.getDuedate().before(earliest))) {
                    timer.setDuedate(earliest);
                }
            }
        }
        return result;
    }

    private Duration retryAfter() {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof StepFailedTemporarily temporary) {
                return temporary.retryAfter();
            }
        }
        return null;
    }
}
