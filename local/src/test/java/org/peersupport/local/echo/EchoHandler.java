package org.peersupport.local.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test function that needs nothing but the JDK, so that its "jar" can be a directory of classes:
 * it answers with the event it received, as JSON in the body, unless the query asks otherwise
 * ({@code do=sleep&ms=N}, {@code do=throw}, {@code do=big}, {@code do=plain}, {@code do=bad}).
 */
public class EchoHandler {
    private static final Pattern QUERY = Pattern.compile("\"rawQueryString\"\\s*:\\s*\"([^\"]*)\"");

    public void handleRequest(InputStream in, OutputStream out) throws IOException, InterruptedException {
        String event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Matcher matcher = QUERY.matcher(event);
        String query = matcher.find() ? matcher.group(1) : "";
        String body = event;
        if (query.contains("do=sleep")) {
            Thread.sleep(Long.parseLong(query.replaceAll(".*ms=(\\d+).*", "$1")));
        } else if (query.contains("do=throw")) {
            throw new IllegalStateException("failing on purpose");
        } else if (query.contains("do=big")) {
            body = "x".repeat(6 * 1024 * 1024);
        } else if (query.contains("do=plain")) {
            out.write("{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8));
            return;
        } else if (query.contains("do=bad")) {
            out.write("{\"statusCode\":\"teapot\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String response = "{\"statusCode\":200,"
                + "\"headers\":{\"Content-Type\":\"application/json\",\"X-Echo\":\"yes\",\"Access-Control-Allow-Origin\":\"https://elsewhere.example\"},"
                + "\"multiValueHeaders\":{\"X-Ignored\":[\"a\",\"b\"]},"
                + "\"cookies\":[\"a=1; Path=/\",\"b=2; Path=/\"],"
                + "\"body\":" + quote(body) + ",\"isBase64Encoded\":false}";
        out.write(response.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
