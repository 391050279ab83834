package org.fediflow.inbox;

/** Checks one sender's deliveries: authenticity first, then shape. */
interface SourceVerifier {

    /** The path segment under {@code /webhooks/}. */
    String source();

    Verdict verify(Delivery delivery);
}
