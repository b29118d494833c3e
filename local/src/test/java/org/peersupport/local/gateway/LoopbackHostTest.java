package org.peersupport.local.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Host headers the local endpoints (/_local/) answer: loopback names and addresses only. */
class LoopbackHostTest {
    @Test
    void loopbackNamesAndAddresses_withOrWithoutAPort_areLoopback() {
        for (String host : List.of("localhost", "LOCALHOST", "localhost:3000", "localhost.", "app.localhost",
                "app.localhost:3000", "127.0.0.1", "127.0.0.1:3000", "127.1.2.3", "127.255.255.255:80", "[::1]",
                "[::1]:3000", "[0:0:0:0:0:0:0:1]")) {
            assertTrue(LoopbackHost.named(host), host);
        }
    }

    @Test
    void everythingElse_isNot_evenANameThatResolvesToLoopback() {
        for (String host : List.of("", " ", "example.org", "rebound.example.org:3000", "127.0.0.1.nip.io",
                "localhost.example.org", "notlocalhost", "10.0.0.1", "0.0.0.0", "128.0.0.1", "127.0.0.256",
                "127.0.0", "[::2]", "[::1]x", "[::1]:port", "[example.org]", "[::ffff:10.0.0.1]")) {
            assertFalse(LoopbackHost.named(host), host);
        }
        assertFalse(LoopbackHost.named(null));
    }
}
