package org.peersupport.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.Repo;

/** The event the gateway builds, against the samples in events/ and as Lambda's Java runtime reads it. */
class ApiEventsTest {
    static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");

    static HttpRequest request(String method, String target, Map<String, List<String>> headers, String body) throws Exception {
        return new HttpRequest(method, target, headers, body.getBytes(StandardCharsets.UTF_8),
                new InetSocketAddress(InetAddress.getByName("127.0.0.7"), 51234), "HTTP/1.1", 3000);
    }

    static HttpApis.Match match(String routeKey, Map<String, String> parameters) {
        String[] parts = routeKey.split(" ", 2);
        return new HttpApis.Match(new Route("Api", parts[0], parts[1], "F", null, 30_000, null),
                new HttpApis.Api("Api", "a1b2c3d4e5", null, Map.of()), parameters);
    }

    static APIGatewayV2HTTPEvent asLambdaReadsIt(String json) {
        return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, ApiEventsTest.class.getClassLoader()).fromJson(json);
    }

    @Test
    void theEvent_hasTheShapeOfTheSamplesInEvents() throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("127.0.0.1:3000"));
        headers.put("Accept", List.of("application/json"));
        headers.put("User-Agent", List.of("Mozilla/5.0 (X11; Linux x86_64)"));
        JsonNode built = ApiEvents.build(request("GET", "/groups", headers, ""), match("GET /groups", Map.of()),
                "123456789012", "Xb1cTjH2IAMEV3w=", NOW, null);
        JsonNode sample = ApiEvents.JSON.readTree(Files.readString(Repo.root().resolve("events/list-groups.json")));
        assertEquals(fieldPaths(sample, ""), fieldPaths(built, ""));
        assertEquals("25/Nov/2026:20:00:00 +0000", built.path("requestContext").path("time").asText());
        assertEquals(NOW.toEpochMilli(), built.path("requestContext").path("timeEpoch").asLong());
    }

    @Test
    void headersQueryCookiesAndPeer_areWhereApiGatewayPutsThem() throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("127.0.0.1:3000"));
        headers.put("X-Forwarded-For", List.of("203.0.113.9"));
        headers.put("Accept", List.of("text/html", "application/json"));
        headers.put("Cookie", List.of("a=1; b=2", "c=3"));
        String target = "/groups/caf%C3%A9?day=TU&day=WE&area=Down%20town&flag";
        JsonNode event = ApiEvents.build(request("GET", target, headers, ""),
                match("GET /groups/{groupId}", Map.of("groupId", "café")), "123456789012", "id", NOW, null);
        APIGatewayV2HTTPEvent read = asLambdaReadsIt(event.toString());
        assertEquals("/groups/café", read.getRawPath());
        assertEquals("day=TU&day=WE&area=Down%20town&flag", read.getRawQueryString());
        assertEquals(Map.of("day", "TU,WE", "area", "Down town", "flag", ""), read.getQueryStringParameters());
        assertEquals("text/html,application/json", read.getHeaders().get("accept"));
        assertFalse(read.getHeaders().containsKey("cookie"), "cookies leave the headers in payload 2.0");
        assertEquals(List.of("a=1", "b=2", "c=3"), read.getCookies());
        assertEquals("127.0.0.7", read.getRequestContext().getHttp().getSourceIp(), "the TCP peer, never a header");
        assertEquals("203.0.113.9, 127.0.0.7", read.getHeaders().get("x-forwarded-for"));
        assertEquals(Map.of("groupId", "café"), read.getPathParameters());
        assertEquals("GET /groups/{groupId}", read.getRouteKey());
        assertEquals("$default", read.getRequestContext().getStage());
        assertEquals("127.0.0.1", read.getRequestContext().getDomainName());
        assertNull(read.getBody());
        assertFalse(read.getIsBase64Encoded());
    }

    @Test
    void aFormPost_arrivesBase64Encoded_andJsonAsText() throws Exception {
        Map<String, List<String>> form = Map.of("Content-Type", List.of("application/x-www-form-urlencoded"));
        APIGatewayV2HTTPEvent posted = asLambdaReadsIt(ApiEvents.build(request("POST", "/x", form, "firstName=Ana&consent=on"),
                match("POST /x", Map.of()), "123456789012", "id", NOW, null).toString());
        assertTrue(posted.getIsBase64Encoded());
        assertEquals("firstName=Ana&consent=on", new String(Base64.getDecoder().decode(posted.getBody()), StandardCharsets.UTF_8));

        Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json; charset=utf-8"));
        APIGatewayV2HTTPEvent sent = asLambdaReadsIt(ApiEvents.build(request("POST", "/x", json, "{\"a\":\"ñ\"}"),
                match("POST /x", Map.of()), "123456789012", "id", NOW, null).toString());
        assertFalse(sent.getIsBase64Encoded());
        assertEquals("{\"a\":\"ñ\"}", sent.getBody());
        assertTrue(ApiEvents.isText("text/plain"));
        assertFalse(ApiEvents.isText(null));
        assertFalse(ApiEvents.isText("multipart/form-data; boundary=x"));
    }

    @Test
    void aVerifiedTokensClaims_areInTheAuthorizerContext_asStrings() throws Exception {
        Map<String, String> claims = Map.of("username", "local-admin", "cognito:groups", "[admins]", "exp", "1796219066");
        APIGatewayV2HTTPEvent read = asLambdaReadsIt(ApiEvents.build(request("GET", "/staff/signups", Map.of(), ""),
                match("GET /staff/signups", Map.of()), "123456789012", "id", NOW, claims).toString());
        var jwt = read.getRequestContext().getAuthorizer().getJwt();
        assertEquals(claims, jwt.getClaims());
        assertNull(jwt.getScopes());
        assertNull(read.getRequestContext().getAuthorizer().getIam());
        assertEquals(new org.peersupport.shared.http.StaffPrincipal("local-admin", org.peersupport.shared.http.StaffRole.ADMIN),
                org.peersupport.shared.http.StaffPrincipal.of(read), "what the staff functions read from it");
    }

    /** Every field path in a JSON tree, e.g. requestContext.http.sourceIp (header names excepted). */
    static TreeSet<String> fieldPaths(JsonNode node, String prefix) {
        TreeSet<String> paths = new TreeSet<>();
        if (prefix.equals("headers.") || !node.isObject()) {
            return paths;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
        fields.forEachRemaining(all::add);
        for (Map.Entry<String, JsonNode> field : all) {
            paths.add(prefix + field.getKey());
            paths.addAll(fieldPaths(field.getValue(), prefix + field.getKey() + "."));
        }
        return paths;
    }
}
