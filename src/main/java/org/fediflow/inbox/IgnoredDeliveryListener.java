package org.fediflow.inbox;

/** Told, after the fact, about a delivery that no run took: the sender may deserve an answer. */
interface IgnoredDeliveryListener {

    void ignored(String source, String eventType, String body);
}
