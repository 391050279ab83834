package org.fediflow.connector;

/**
 * What a connector's client would load at its first call while an event waits, done once at start instead, on
 * {@code FirstRunWarmup}'s thread. A failure changes nothing (the first real call loads what is missing): it is
 * only logged.
 */
public interface Warmup {

    void warmUp() throws Exception;
}
