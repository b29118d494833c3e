package org.peersupport.local.gateway;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as it reached the gateway: method, the target exactly as sent, headers with every
 * value, the body, and the TCP peer (API Gateway's {@code sourceIp}).
 */
public record HttpRequest(String method, String rawTarget, Map<String, List<String>> headers, byte[] body,
                          InetSocketAddress peer, String protocol, int localPort) {

    public HttpRequest {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) ->
                lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        headers = lower;
    }

    /** The path as sent, still percent-encoded. */
    public String rawPath() {
        int q = rawTarget.indexOf('?');
        return q < 0 ? rawTarget : rawTarget.substring(0, q);
    }

    /** The query string as sent (no '?'), or "" when there is none. */
    public String rawQuery() {
        int q = rawTarget.indexOf('?');
        return q < 0 ? "" : rawTarget.substring(q + 1);
    }

    /** The decoded path, which HTTP APIs route on and put in {@code rawPath}. */
    public String path() {
        return decodePath(rawPath());
    }

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a header, joined with commas as API Gateway does. */
    public String joined(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : String.join(",", values);
    }

    static String decodePath(String raw) {
        // '+' is a literal in a path; only percent-escapes are decoded, and a stray '%' stays.
        return percentDecode(raw);
    }

    /** Percent-decoding only: '+' stays '+', and a '%' not followed by two hex digits stays as it is. */
    static String percentDecode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length
                    && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0) {
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
