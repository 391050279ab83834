package org.fediflow.inbox;

import java.util.Map;

/**
 * One HTTP delivery as a verifier sees it.
 *
 * @param headers  lower-cased header names
 * @param body     the raw bytes, exactly as received
 * @param remoteIp the peer's address
 */
record Delivery(String contentType, Map<String, String> headers, byte[] body, String remoteIp) {

    String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
