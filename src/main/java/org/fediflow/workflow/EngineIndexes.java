package org.fediflow.workflow;

import org.flowable.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An index Flowable's schema lacks: every inbound event looks up message subscriptions by name (which diagram starts
 * on it, which waiting run catches it), and every waiting report or sign-up holds several. Without it each event
 * scans them all, so routing slowed down as runs piled up. Created once the engine has made its tables (our Flyway
 * migrations may run before that); {@code IF NOT EXISTS} on H2 and PostgreSQL, and a node that loses the race to
 * another one starting at the same moment carries on.
 */
@Component
class EngineIndexes implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(EngineIndexes.class);

    private final JdbcTemplate jdbc;

    EngineIndexes(JdbcTemplate jdbc, ProcessEngine engineMadeItsTables) {
        this.jdbc = jdbc;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            jdbc.execute("CREATE INDEX IF NOT EXISTS FF_IDX_EVENT_SUBSCR_NAME ON ACT_RU_EVENT_SUBSCR (EVENT_NAME_)");
        } catch (DataAccessException e) {
            log.info("index on ACT_RU_EVENT_SUBSCR(EVENT_NAME_) not created here: {}", e.getMostSpecificCause().getMessage());
        }
    }
}
