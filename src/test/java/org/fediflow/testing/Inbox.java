package org.fediflow.testing;

import org.springframework.jdbc.core.JdbcTemplate;

/** What tests wait for instead of sleeping: the inbox has handed every stored event over. */
public final class Inbox {

    private Inbox() {
    }

    /**
     * True when no stored event waits to be handed to the engine: every delivery has started or reached its runs (in
     * the same transaction that marked it) or was recorded as ignored or failed. After that, a duplicate delivery can
     * no longer cause anything, so a test may assert that it caused nothing.
     */
    public static boolean settled(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE status = 'received'", Long.class) == 0;
    }
}
