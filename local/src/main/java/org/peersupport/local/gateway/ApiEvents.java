package org.peersupport.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the event API Gateway sends a Lambda integration for an HTTP API request, payload format
 * 2.0, field for field as in {@code events/}: lower-cased headers with repeated values joined by
 * commas, cookies taken out of the headers, query parameters decoded and joined the same way, the
 * decoded path, the TCP peer as {@code sourceIp}, and the body as text only for the content types
 * API Gateway passes as text (text/*, JSON, XML, JavaScript); every other body, form posts
 * included, arrives base64-encoded.
 */
public final class ApiEvents {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiEvents() {
    }

    /**
     * The event for a request; {@code jwtClaims} are a JWT-authorised route's verified claims
     * ({@code requestContext.authorizer.jwt}), or null for a route without an authorizer.
     */
    public static ObjectNode build(HttpRequest request, HttpApis.Match match, String accountId, String requestId,
                                   Instant now, Map<String, String> jwtClaims) {
        ObjectNode event = JSON.createObjectNode();
        String routeKey = match.route().routeKey();
        String path = request.path();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", path);
        event.put("rawQueryString", request.rawQuery());

        Map<String, String> headers = new LinkedHashMap<>();
        ArrayNode cookies = JSON.createArrayNode();
        request.headers().forEach((name, values) -> {
            if (name.equals("cookie")) {
                for (String value : values) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                }
            } else {
                headers.put(name, String.join(",", values));
            }
        });
        String peer = request.peer().getAddress().getHostAddress();
        String forwarded = headers.get("x-forwarded-for");
        headers.put("x-forwarded-for", forwarded == null ? peer : forwarded + ", " + peer);
        headers.put("x-forwarded-port", Integer.toString(request.localPort()));
        headers.put("x-forwarded-proto", "http");
        headers.put("x-amzn-trace-id", traceId(now));
        if (!cookies.isEmpty()) {
            event.set("cookies", cookies);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);

        Map<String, String> query = queryParameters(request.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode queryNode = event.putObject("queryStringParameters");
            query.forEach(queryNode::put);
        }

        String host = headers.getOrDefault("host", "127.0.0.1");
        String domain = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", accountId);
        context.put("apiId", match.api() == null ? "local" : match.api().apiId());
        if (jwtClaims != null) {
            ObjectNode jwt = context.putObject("authorizer").putObject("jwt");
            ObjectNode claims = jwt.putObject("claims");
            jwtClaims.forEach(claims::put);
            jwt.putNull("scopes"); // the template's routes ask for no scopes
        }
        context.put("domainName", domain);
        context.put("domainPrefix", domain.contains(".") ? domain.substring(0, domain.indexOf('.')) : domain);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", path);
        http.put("protocol", request.protocol());
        http.put("sourceIp", peer);
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", requestId);
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());

        if (!match.pathParameters().isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            match.pathParameters().forEach(parameters::put);
        }
        byte[] body = request.body();
        boolean text = isText(headers.get("content-type"));
        if (body.length > 0) {
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        }
        event.put("isBase64Encoded", body.length > 0 && !text);
        return event;
    }

    /** Whether API Gateway (HTTP API) passes a body of this type as text rather than base64. */
    public static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.equals("application/xml")
                || type.equals("application/javascript");
    }

    /** Decoded query parameters, a repeated name's values joined with commas, in order of appearance. */
    public static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = decode(eq < 0 ? part : part.substring(0, eq));
            String value = decode(eq < 0 ? "" : part.substring(eq + 1));
            out.merge(name, value, (a, b) -> a + "," + b);
        }
        return out;
    }

    /** A request id shaped like API Gateway's ({@code Xb1cTjH2IAMEV3w=}). */
    public static String requestId() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String traceId(Instant now) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-" + HexFormat.of().formatHex(bytes);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return HttpRequest.percentDecode(value);
        }
    }
}
