package org.fediflow.connector.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

import org.fediflow.connector.ConnectorFailure;

/**
 * Refuses link-local and cloud metadata addresses, where a cloud machine's credentials are served to anyone who asks.
 * The host is resolved and every address checked, so a DNS name pointing at 169.254.169.254 is refused as well.
 * (The HTTP client resolves the name again, as a rule from the JVM's address cache, which keeps an answer for 30 s, so
 * it connects to an address checked here; a name whose cached answer expires between the two lookups and then
 * changes is not caught.)
 */
final class AddressGuard {

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.internal");

    private final boolean allowed;

    AddressGuard(boolean allowed) {
        this.allowed = allowed;
    }

    /** Throws {@link ConnectorFailure.BadInput} for a refused host; an unknown name is left to the call to fail. */
    void check(URI uri, String shown) {
        if (allowed) {
            return;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (METADATA_NAMES.contains(host.endsWith(".") ? host.substring(0, host.length() - 1) : host)) {
            throw refused(shown, host);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return;
        }
        for (InetAddress address : addresses) {
            if (isMetadata(address)) {
                throw refused(shown, address.getHostAddress());
            }
        }
    }

    static boolean isMetadata(InetAddress address) {
        if (address.isLinkLocalAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            // fd00:ec2::254 (AWS over IPv6) and IPv4-mapped link-local ::ffff:169.254.x.x
            boolean awsV6 = (b[0] & 0xff) == 0xfd && b[1] == 0 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2
                    && isZero(b, 4, 14) && b[14] == 0x02 && (b[15] & 0xff) == 0x54;
            boolean mapped = isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff
                    && (b[12] & 0xff) == 169 && (b[13] & 0xff) == 254;
            return awsV6 || mapped;
        }
        // 100.100.100.200: Alibaba Cloud's metadata service
        return (b[0] & 0xff) == 100 && (b[1] & 0xff) == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static ConnectorFailure.BadInput refused(String shown, String address) {
        return new ConnectorFailure.BadInput(shown + ": " + address + " is a link-local or cloud metadata address, "
                + "refused (set fediflow.http.allow-link-local=true to allow it)");
    }
}
