package org.fediflow.workflow;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.flowable.engine.ProcessEngine;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the locks of a run's steps that this node is executing fresh while a long step runs (a database dump
 * takes longer than {@code fediflow.workflow.job-lock-time}), so another node does not take the step over as if
 * this node had died. Only jobs locked by this node are touched. If this node does die, the lock is no longer renewed and expires as usual.
 */
@Component
class JobLeases implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobLeases.class);

    private final ProcessEngine engine;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final long lockMillis;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "job-lease-renewer");
        thread.setDaemon(true);
        return thread;
    });

    JobLeases(ProcessEngine engine, JdbcTemplate jdbc, Clock clock, WorkflowProperties properties) {
        this.engine = engine;
        this.jdbc = jdbc;
        this.clock = clock;
        this.lockMillis = properties.workflow().jobLockTime().toMillis();
    }

    /** A renewal that ends when closed. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Renews every third of the lock time until closed (a step shorter than that writes nothing); the
     * {@link ConnectorDelegate} holds one around every connector call.
     */
    Lease keepFresh(String processInstanceId) {
        String owner = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getAsyncExecutor().getLockOwner();
        long period = Math.max(100, lockMillis / 3);
        ScheduledFuture<?> renewal = renewer.scheduleAtFixedRate(() -> {
            try {
                jdbc.update("update ACT_RU_JOB set LOCK_EXP_TIME_ = ? where PROCESS_INSTANCE_ID_ = ? and LOCK_OWNER_ = ?",
                        new Timestamp(clock.millis() + lockMillis), processInstanceId, owner);
            } catch (RuntimeException e) {
                log.warn("Could not renew the step locks of run {}: {}", processInstanceId, e.getMessage());
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return () -> renewal.cancel(false);
    }

    @Override
    public void destroy() {
        renewer.shutdownNow();
    }
}
