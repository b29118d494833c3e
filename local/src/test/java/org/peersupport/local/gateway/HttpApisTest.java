package org.peersupport.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.Intrinsics;
import org.peersupport.testkit.StackTemplate;

/** Routes and API settings read from the repository's template, and API Gateway's choice among matching routes. */
class HttpApisTest {
    static HttpApis apis(List<Route> routes) {
        return new HttpApis(Map.of("Api", new HttpApis.Api("Api", "abc123", null, Map.of())), routes);
    }

    static Route route(String method, String path) {
        return new Route("Api", method, path, "F-" + method + path, null, Route.DEFAULT_TIMEOUT_MILLIS, null);
    }

    @Test
    void theTemplatesRoutes_andCors_areReadAsSamWouldDeployThem() {
        StackTemplate template = StackTemplate.load();
        Intrinsics intrinsics = new Intrinsics(template, Map.of("AllowedOrigins", List.of("https://www.example.org"),
                "OrgName", "x", "OrgTimeZone", "America/Denver", "LogRetentionDays", "90"), Map.of());
        HttpApis apis = HttpApis.from(template, intrinsics);
        HttpApis.Match match = apis.match("GET", "/groups/connection-tue-downtown/calendar.ics");
        assertEquals("GET /groups/{groupId}/calendar.ics", match.route().routeKey());
        assertEquals(Map.of("groupId", "connection-tue-downtown"), match.pathParameters());
        assertEquals("ListGroupsFunction", match.route().functionId());
        assertNull(match.route().authorizer());
        Cors cors = match.api().cors();
        assertEquals(List.of("https://www.example.org"), cors.allowOrigins());
        assertEquals(List.of("etag"), cors.exposeHeaders());
        assertEquals(600, cors.maxAge());
        assertNotNull(match.route().throttle(), "DefaultRouteSettings throttling applies to every route");
        assertNull(apis.match("POST", "/groups"), "a GET route does not take POST");
        assertNull(apis.match("HEAD", "/groups"), "nor HEAD");
    }

    @Test
    void throttling_isTheRoutesOwn_elseTheApisForItsKey_elseTheStages() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("template", ".yaml");
        java.nio.file.Files.writeString(file, String.join("\n",
                "Resources:",
                "  Api:",
                "    Type: AWS::Serverless::HttpApi",
                "    Properties:",
                "      DefaultRouteSettings: {ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50}",
                "      RouteSettings:",
                "        \"POST /things\": {ThrottlingBurstLimit: 2, ThrottlingRateLimit: 1}",
                "  F:",
                "    Type: AWS::Serverless::Function",
                "    Properties:",
                "      Events:",
                "        A: {Type: HttpApi, Properties: {ApiId: !Ref Api, Method: POST, Path: /things}}",
                "        B: {Type: HttpApi, Properties: {ApiId: !Ref Api, Method: GET, Path: /things}}",
                "        C: {Type: HttpApi, Properties: {ApiId: !Ref Api, Method: PUT, Path: /things,",
                "            RouteSettings: {ThrottlingBurstLimit: 1, ThrottlingRateLimit: 1}}}",
                ""));
        StackTemplate template = StackTemplate.load(file);
        HttpApis apis = HttpApis.from(template, new Intrinsics(template, Map.of(), Map.of()));
        assertEquals("burst 2, 1.0/s", apis.match("POST", "/things").route().throttle().toString());
        assertEquals("burst 100, 50.0/s", apis.match("GET", "/things").route().throttle().toString());
        assertEquals("burst 1, 1.0/s", apis.match("PUT", "/things").route().throttle().toString());
    }

    @Test
    void amongMatchingRoutes_theMostSpecificWins() {
        HttpApis apis = apis(List.of(route("ANY", "/{proxy+}"), route("GET", "/groups/{groupId}"),
                route("GET", "/groups/special"), route("ANY", "/groups/special"), route("GET", "/groups/{groupId}/{rest+}"),
                new Route("Api", "ANY", Route.DEFAULT, "Default", null, 1000, null)));
        assertEquals("GET /groups/special", apis.match("GET", "/groups/special").route().routeKey());
        assertEquals("ANY /groups/special", apis.match("POST", "/groups/special").route().routeKey());
        assertEquals("GET /groups/{groupId}", apis.match("GET", "/groups/other").route().routeKey());
        HttpApis.Match greedy = apis.match("GET", "/groups/other/a/b");
        assertEquals("GET /groups/{groupId}/{rest+}", greedy.route().routeKey());
        assertEquals(Map.of("groupId", "other", "rest", "a/b"), greedy.pathParameters());
        assertEquals("ANY /{proxy+}", apis.match("DELETE", "/anything/at/all").route().routeKey());
        assertEquals("$default", apis.match("GET", "/").route().routeKey());
    }

    @Test
    void pathParameters_areDecoded_andEmptySegmentsDoNotMatch() {
        HttpApis apis = apis(List.of(route("GET", "/groups/{groupId}")));
        assertEquals("a b", apis.match("GET", HttpRequest.decodePath("/groups/a%20b")).pathParameters().get("groupId"));
        // HTTP APIs route on the decoded path, so an encoded slash is a slash.
        assertNull(apis.match("GET", HttpRequest.decodePath("/groups/a%2Fb")));
        assertNull(apis.match("GET", "/groups/"));
        assertNull(apis.match("GET", "/groups"));
    }
}
