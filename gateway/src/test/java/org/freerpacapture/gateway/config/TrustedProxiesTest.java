package org.freerpacapture.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which peers {@code GATEWAY_TRUSTED_PROXIES} trusts, and which entries it refuses at start-up. */
class TrustedProxiesTest {

    @ParameterizedTest(name = "{0} trusts {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            // IPv4: one address, blocks on and off byte boundaries, everything
            "10.0.0.7          | 10.0.0.7          | true",
            "10.0.0.7          | 10.0.0.8          | false",
            "10.0.0.0/8        | 10.255.1.2        | true",
            "10.0.0.0/8        | 11.0.0.1          | false",
            "192.168.4.0/22    | 192.168.7.255     | true",
            "192.168.4.0/22    | 192.168.8.0       | false",
            "192.168.4.0/22    | 192.168.3.255     | false",
            "0.0.0.0/0         | 203.0.113.9       | true",
            // IPv6: the forms a listener reports, compressed and full, with a zone
            "::1               | 0:0:0:0:0:0:0:1   | true",
            "::1               | ::2               | false",
            "fd00::/8          | fd12:3456::1      | true",
            "fd00::/8          | fe80::1           | false",
            "2001:db8::/33     | 2001:db8:7fff::1  | true",
            "2001:db8::/33     | 2001:db8:8000::1  | false",
            "fe80::1           | fe80:0:0:0:0:0:0:1%eth0 | true",
            // IPv4-mapped IPv6 is the IPv4 address it carries, on either side
            "10.0.0.0/8        | ::ffff:10.1.2.3   | true",
            "10.0.0.0/8        | 0:0:0:0:0:ffff:a01:203 | true",
            "::ffff:10.0.0.0/104 | 10.1.2.3        | true",
            "::ffff:10.0.0.0/104 | 11.1.2.3        | false",
            // the two families never match each other otherwise
            "0.0.0.0/0         | ::1               | false",
            "::/0              | 127.0.0.1         | false",
            "::/0              | 2001:db8::1       | true",
            // several entries: any one will do
            "10.0.0.7, fd00::/8 | fd00::9          | true",
            "10.0.0.7, fd00::/8 | 10.0.0.7         | true",
            "10.0.0.7, fd00::/8 | 10.0.0.9         | false"})
    void a_peer_is_trusted_when_an_entry_holds_its_address(String entries, String peer, boolean trusted) {
        assertEquals(trusted, TrustedProxies.parse(entries).trusts(peer));
    }

    @Test
    void what_is_not_an_ip_literal_is_never_trusted_even_by_everything() {
        TrustedProxies everyone = TrustedProxies.parse("0.0.0.0/0,::/0");
        assertTrue(everyone.trusts("198.51.100.1"));
        for (String peer : new String[]{null, "", "proxy.internal", "localhost", "10.0.0", "10.0.0.1.2",
                "/tmp/gateway.sock"}) {
            assertFalse(everyone.trusts(peer), String.valueOf(peer));
        }
    }

    @Test
    void unset_trusts_no_one() {
        assertTrue(TrustedProxies.NONE.isEmpty());
        assertFalse(TrustedProxies.NONE.trusts("127.0.0.1"));
        assertFalse(TrustedProxies.parse(" , ").trusts("127.0.0.1"), "blank entries are skipped");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "proxy.internal    | is not an IP address or CIDR block",
            "10.0.0            | is not an IP address or CIDR block",
            "010.0.0.1         | is not an IP address or CIDR block",
            "[::1]             | is not an IP address or CIDR block",
            "fe80::1%eth0      | is not an IP address or CIDR block",
            "10.0.0.0/33       | prefix length that is not a whole number from 0 to 32",
            "fd00::/129        | prefix length that is not a whole number from 0 to 128",
            "10.0.0.0/-1       | prefix length that is not a whole number from 0 to 32",
            "10.0.0.0/         | prefix length that is not a whole number from 0 to 32",
            "10.0.0.1/8        | has bits set past its /8 prefix",
            "fd00::1/8         | has bits set past its /8 prefix",
            "::ffff:10.0.0.0/80 | IPv4-mapped block shorter than /96"})
    void an_entry_that_is_not_an_address_or_block_is_refused_with_what_to_write(String entry, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustedProxies.parse("10.0.0.7, " + entry));
        assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void it_prints_as_written() {
        assertEquals("10.0.0.0/8,fd00::/8", TrustedProxies.parse(" 10.0.0.0/8 , fd00::/8").toString());
        assertEquals("(none)", TrustedProxies.NONE.toString());
    }
}
