package org.caseledger.notifications.webhook;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Resolves a webhook's host and refuses it when any address it resolves to is forbidden ({@link AddressRules}). The
 * HTTP client resolves through this too, so the check is made again on the very addresses it connects to, at the
 * moment it connects: a name that resolved to a public address when the subscription was made and to an internal
 * one later (DNS rebinding) is refused then.
 */
public class WebhookAddresses implements DnsResolver {

    /** How host names become addresses; the system's resolver, or a fixed table in a test. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;
    private final boolean allowLoopback;

    public WebhookAddresses(Resolver resolver, boolean allowLoopback) {
        this.resolver = resolver;
        this.allowLoopback = allowLoopback;
    }

    public static WebhookAddresses system(boolean allowLoopback) {
        return new WebhookAddresses(InetAddress::getAllByName, allowLoopback);
    }

    /**
     * Why a webhook may not go to this URL, or empty when it may: only {@code https}, without credentials in it, to a
     * host whose every address is allowed; plain {@code http} only to this machine, where loopback is allowed.
     */
    public Optional<String> whyRefused(URI url) {
        if (url.getScheme() == null || url.getHost() == null || url.getRawAuthority() == null) {
            return Optional.of("must be an absolute https URL, e.g. https://example.org/hooks/caseledger");
        }
        String scheme = url.getScheme().toLowerCase();
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must use https, not " + scheme);
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("must not carry credentials; the signature tells the receiver who sent it");
        }
        if (url.getRawFragment() != null) {
            return Optional.of("must not have a fragment (#...)");
        }
        InetAddress[] addresses;
        try {
            addresses = resolve(url.getHost());
        } catch (ForbiddenAddress e) {
            return Optional.of(e.getMessage());
        } catch (UnknownHostException e) {
            return Optional.of("host " + url.getHost() + " does not resolve");
        }
        boolean onlyLoopback = Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        if (scheme.equals("http") && !(allowLoopback && onlyLoopback)) {
            return Optional.of("must use https; plain http is accepted only for this machine where loopback is allowed");
        }
        return Optional.empty();
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = resolver.resolve(bare);
        for (InetAddress address : addresses) {
            Optional<String> forbidden = AddressRules.whyForbidden(address, allowLoopback);
            if (forbidden.isPresent()) {
                throw new ForbiddenAddress(host, forbidden.get());
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
