package org.caseledger.notifications.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Webhook URLs judged after their host is resolved, with a fixed table of names in place of DNS. */
class WebhookAddressesTest {

    static final Map<String, String[]> DNS = Map.of(
            "hooks.example.org", new String[]{"93.184.215.14"},
            "split.example.org", new String[]{"93.184.215.14", "10.0.0.7"},
            "metadata.example.org", new String[]{"169.254.169.254"},
            "localhost", new String[]{"127.0.0.1", "::1"});

    final WebhookAddresses production = new WebhookAddresses(WebhookAddressesTest::resolve, false);
    final WebhookAddresses developer = new WebhookAddresses(WebhookAddressesTest::resolve, true);

    @Test
    void anHttpsUrlOnAPublicAddressIsAccepted() {
        assertThat(production.whyRefused(URI.create("https://hooks.example.org/caseledger"))).isEmpty();
    }

    @Test
    void aNameWithOneInternalAddressAmongPublicOnesIsRefused() {
        assertThat(production.whyRefused(URI.create("https://split.example.org/caseledger")))
                .hasValueSatisfying(why -> assertThat(why).contains("10.0.0.7", "private-range"));
    }

    @Test
    void aNameThatResolvesToTheMetadataServiceIsRefused() {
        assertThat(production.whyRefused(URI.create("https://metadata.example.org/latest")))
                .hasValueSatisfying(why -> assertThat(why).contains("169.254.169.254"));
    }

    @Test
    void aNameThatDoesNotResolveIsRefused() {
        assertThat(production.whyRefused(URI.create("https://nowhere.example.org/")))
                .hasValueSatisfying(why -> assertThat(why).contains("does not resolve"));
    }

    @Test
    void thisMachineIsRefusedUnlessLoopbackIsAllowedAndThenPlainHttpToo() {
        assertThat(production.whyRefused(URI.create("http://localhost:9000/hook"))).isPresent();
        assertThat(developer.whyRefused(URI.create("http://localhost:9000/hook"))).isEmpty();
        assertThat(developer.whyRefused(URI.create("http://hooks.example.org/hook")))
                .hasValueSatisfying(why -> assertThat(why).contains("https"));
    }

    @Test
    void resolvingForAConnectionRefusesAForbiddenAddressAsAnUnknownHost() {
        assertThatThrownBy(() -> production.resolve("split.example.org"))
                .isInstanceOf(ForbiddenAddress.class)
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("10.0.0.7");
    }

    static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] addresses = DNS.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByAddress(host, InetAddress.getByName(addresses[i]).getAddress());
        }
        return resolved;
    }
}
