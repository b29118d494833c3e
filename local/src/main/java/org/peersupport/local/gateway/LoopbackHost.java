package org.peersupport.local.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a request's {@code Host} names this machine's loopback: {@code localhost} (and names under
 * {@code .localhost}, which browsers resolve to loopback themselves, RFC 6761), an address in
 * {@code 127.0.0.0/8}, or the IPv6 loopback ({@code [::1]}), with or without a port. A name a DNS server answers for is
 * refused even when it resolves to 127.0.0.1: that is how DNS rebinding reaches a local server.
 */
final class LoopbackHost {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}$");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:]+(:[0-9.]+)?");

    private LoopbackHost() {
    }

    static boolean named(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0 || close != h.length() - 1 && !PORT.matcher(h.substring(close + 1)).matches()) {
                return false;
            }
            String literal = h.substring(1, close);
            if (!IPV6_LITERAL.matcher(literal).matches()) {
                return false;
            }
            try {
                // A literal: parsed, never looked up.
                return InetAddress.getByName(literal).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        h = PORT.matcher(h).replaceFirst("");
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || IPV4_LOOPBACK.matcher(h).matches();
    }
}
