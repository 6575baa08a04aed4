package org.caseledger.notifications.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** One row of the address table in docs/notifications.md each. */
class AddressRulesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0               | this network
            10.1.2.3              | private-range
            100.100.100.200       | carrier-grade NAT
            127.0.0.1             | loopback
            127.8.9.10            | loopback
            169.254.169.254       | link-local
            172.16.0.1            | private-range
            172.31.255.254        | private-range
            192.0.0.192           | IETF
            192.168.0.10          | private-range
            198.18.0.1            | benchmark
            224.0.0.1             | multicast
            255.255.255.255       | broadcast
            ::                    | unspecified
            ::1                   | loopback
            fd00:ec2::254         | unique-local
            fc00::1               | unique-local
            fe80::1               | link-local
            fec0::1               | site-local
            ff02::1               | multicast
            ::ffff:10.0.0.1       | private-range
            ::ffff:169.254.169.254| link-local
            64:ff9b::a00:1        | private-range
            2002:a00:1::          | private-range
            """)
    void forbidsAddressesOfThisMachineItsNetworksAndMetadataServices(String address, String reason)
            throws Exception {
        assertThat(AddressRules.whyForbidden(InetAddress.getByName(address), false))
                .hasValueSatisfying(why -> assertThat(why).contains(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111",
            "::ffff:93.184.215.14"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(AddressRules.whyForbidden(InetAddress.getByName(address), false)).isEmpty();
    }

    @Test
    void allowsLoopbackOnlyWhereConfiguredAndNothingElseWithIt() throws Exception {
        assertThat(AddressRules.whyForbidden(InetAddress.getByName("127.0.0.1"), true)).isEmpty();
        assertThat(AddressRules.whyForbidden(InetAddress.getByName("::1"), true)).isEmpty();
        assertThat(AddressRules.whyForbidden(InetAddress.getByName("10.0.0.1"), true)).isPresent();
        assertThat(AddressRules.whyForbidden(InetAddress.getByName("169.254.169.254"), true)).isPresent();
    }
}
