package org.peersupport.local.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A response as the gateway sends it: status, headers (a name may repeat, as Set-Cookie does) and
 * body bytes. {@link #fromLambda} reads a function's result the way HTTP APIs read payload 2.0.
 */
public record HttpResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    private static final Set<String> HOP_BY_HOP = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "date");

    /** Thrown for a result API Gateway cannot read (it answers 500). */
    public static final class MalformedResult extends Exception {
        MalformedResult(String reason) {
            super(reason, null, false, false);
        }
    }

    /** API Gateway's own answers: {@code {"message": "..."}}. */
    public static HttpResponse gateway(int status, String message) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", "application/json"));
        return new HttpResponse(status, headers, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** What the local server's own endpoints ({@code /_local/...}) answer: JSON, never cached. */
    public static HttpResponse local(int status, byte[] json) {
        return new HttpResponse(status, List.of(
                Map.entry("Content-Type", "application/json; charset=utf-8"),
                Map.entry("Cache-Control", "no-store"),
                Map.entry("X-Content-Type-Options", "nosniff")), json);
    }

    /** 405 for a local endpoint asked with another method than the one it takes. */
    public static HttpResponse methodNotAllowed(String allowed) {
        return new HttpResponse(405, List.of(Map.entry("Allow", allowed),
                Map.entry("Content-Type", "application/json; charset=utf-8")),
                "{\"message\":\"Method Not Allowed\"}".getBytes(StandardCharsets.UTF_8));
    }

    /** What a read-only local endpoint answers once the request is known to be a GET or HEAD of it. */
    @FunctionalInterface
    public interface Reading {
        HttpResponse answer() throws IOException;
    }

    /**
     * A read-only local endpoint's answer: null when {@code request} is not for {@code path} (for
     * the next endpoint), a 405 for another method than GET or HEAD, else {@code reading}'s answer.
     */
    public static HttpResponse ifGet(HttpRequest request, String path, Reading reading) throws IOException {
        if (!request.path().equals(path)) {
            return null;
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return methodNotAllowed("GET");
        }
        return reading.answer();
    }

    public String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /**
     * A function's result, read as payload format 2.0: an object with {@code statusCode} gives the
     * status, {@code headers}, {@code cookies} (one Set-Cookie each) and {@code body} (base64-decoded
     * when {@code isBase64Encoded}); any other valid JSON is a 200 {@code application/json} body as is.
     * {@code multiValueHeaders} is not part of 2.0, and HTTP APIs ignore it; so does this.
     */
    public static HttpResponse fromLambda(String resultJson) throws MalformedResult {
        JsonNode result;
        try {
            result = ApiEvents.JSON.readTree(resultJson);
        } catch (JsonProcessingException e) {
            throw new MalformedResult("not JSON");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (result == null || !result.isObject() || !result.has("statusCode")) {
            headers.add(Map.entry("Content-Type", "application/json"));
            return new HttpResponse(200, headers, resultJson.getBytes(StandardCharsets.UTF_8));
        }
        JsonNode statusNode = result.get("statusCode");
        int status;
        try {
            status = statusNode.isNumber() ? statusNode.intValue() : Integer.parseInt(statusNode.asText());
        } catch (NumberFormatException e) {
            throw new MalformedResult("statusCode");
        }
        if (status < 100 || status > 599) {
            throw new MalformedResult("statusCode range");
        }
        boolean contentType = false;
        JsonNode headerNode = result.get("headers");
        if (headerNode != null && headerNode.isObject()) {
            for (Map.Entry<String, JsonNode> header : (Iterable<Map.Entry<String, JsonNode>>) headerNode::fields) {
                if (header.getValue().isNull() || HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                if (header.getValue().isContainerNode()) {
                    throw new MalformedResult("header value");
                }
                contentType |= header.getKey().equalsIgnoreCase("content-type");
                headers.add(Map.entry(header.getKey(), header.getValue().asText()));
            }
        }
        JsonNode cookies = result.get("cookies");
        if (cookies != null && cookies.isArray()) {
            for (JsonNode cookie : cookies) {
                headers.add(Map.entry("Set-Cookie", cookie.asText()));
            }
        }
        if (!contentType) {
            headers.add(Map.entry("Content-Type", "application/json"));
        }
        JsonNode bodyNode = result.get("body");
        byte[] body;
        if (bodyNode == null || bodyNode.isNull()) {
            body = new byte[0];
        } else if (result.path("isBase64Encoded").asBoolean(false)) {
            try {
                body = Base64.getDecoder().decode(bodyNode.asText());
            } catch (IllegalArgumentException e) {
                throw new MalformedResult("base64 body");
            }
        } else {
            body = (bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString()).getBytes(StandardCharsets.UTF_8);
        }
        return new HttpResponse(status, headers, body);
    }

    /** Whether the function set multiValueHeaders, which payload 2.0 ignores (worth a warning locally). */
    public static boolean hasMultiValueHeaders(String resultJson) {
        try {
            JsonNode node = ApiEvents.JSON.readTree(resultJson).path("multiValueHeaders");
            return node.isObject() && node.size() > 0;
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
