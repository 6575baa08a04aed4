package org.caseledger.notifications.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a webhook may never reach: this machine, the networks behind it and the cloud metadata services
 * that hand out credentials. A subscription is the one place where a caller of this service names an address that the
 * service will then connect to; without these rules it could be used to reach what only the service can reach.
 * The table is in {@code docs/notifications.md}; an address embedded in an IPv6 address is judged as itself.
 */
public final class AddressRules {

    private static final List<Range> FORBIDDEN = List.of(
            range("0.0.0.0", 8, "an address of this host ('this network')"),
            range("10.0.0.0", 8, "a private-range address"),
            range("100.64.0.0", 10, "a shared (carrier-grade NAT) address, where some clouds also serve metadata"),
            range("127.0.0.0", 8, "a loopback address"),
            range("169.254.0.0", 16, "a link-local address, where cloud metadata services answer"),
            range("172.16.0.0", 12, "a private-range address"),
            range("192.0.0.0", 24, "an IETF protocol address"),
            range("192.168.0.0", 16, "a private-range address"),
            range("198.18.0.0", 15, "a network-benchmark address"),
            range("224.0.0.0", 4, "a multicast address"),
            range("240.0.0.0", 4, "a reserved or broadcast address"),
            range("::", 128, "the unspecified address"),
            range("::1", 128, "a loopback address"),
            range("fc00::", 7, "a unique-local (private) address, where cloud metadata services also answer"),
            range("fe80::", 10, "a link-local address"),
            range("fec0::", 10, "a site-local (private) address"),
            range("ff00::", 8, "a multicast address"));

    private AddressRules() {
    }

    /** Why the address is forbidden, or empty when a webhook may go there. */
    public static Optional<String> whyForbidden(InetAddress address, boolean allowLoopback) {
        Optional<InetAddress> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return whyForbidden(embedded.get(), allowLoopback);
        }
        if (allowLoopback && address.isLoopbackAddress()) {
            return Optional.empty();
        }
        return FORBIDDEN.stream()
                .filter(range -> range.contains(address))
                .findFirst()
                .map(range -> address.getHostAddress() + " is " + range.description());
    }

    /** IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16). */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean firstTenZero = allZero(b, 0, 10);
        boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 16)
                && !(allZero(b, 12, 15) && b[15] == 1);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
        try {
            if (mapped || compatible || nat64) {
                return Optional.of(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return Optional.of(InetAddress.getByAddress(new byte[]{b[2], b[3], b[4], b[5]}));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Range range(String network, int prefix, String description) {
        try {
            return new Range(InetAddress.getByName(network).getAddress(), prefix, description);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(network, e);
        }
    }

    private record Range(byte[] network, int prefix, String description) {

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefix % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xff << (8 - remainingBits)) & 0xff;
            return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }
}
