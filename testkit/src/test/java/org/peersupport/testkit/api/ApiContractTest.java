package org.peersupport.testkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The check itself, against a small document of its own: each way an exchange can differ from
 * the document is found and named, so a gap in openapi.yaml cannot pass unnoticed.
 */
class ApiContractTest {
    static final String DOCUMENT = """
            openapi: 3.0.3
            info: {title: Things, version: "1"}
            paths:
              /things/{thingId}:
                get:
                  operationId: getThing
                  security: []
                  parameters:
                    - {name: thingId, in: path, required: true, schema: {type: string, pattern: "^[a-z]+$"}}
                    - {name: lang, in: query, schema: {type: string, enum: [en, es]}}
                  responses:
                    "200":
                      description: The thing
                      headers:
                        Cache-Control: {required: true, schema: {type: string, enum: [no-store]}}
                      content:
                        application/json; charset=utf-8:
                          schema:
                            type: object
                            required: [count, state]
                            properties:
                              count: {type: integer}
                              state: {type: string, enum: [open, closed]}
                    "503":
                      description: Unavailable
                      headers:
                        Retry-After: {required: true, schema: {type: integer}}
                      content:
                        application/json; charset=utf-8:
                          schema: {type: object}
              /things:
                post:
                  operationId: addThing
                  security: []
                  requestBody:
                    required: true
                    content:
                      application/x-www-form-urlencoded:
                        schema:
                          type: object
                          required: [name, flag]
                          properties:
                            name: {type: string}
                            flag: {type: string, enum: ["on", "true"]}
                  responses:
                    "303": {description: Added}
              /things.csv:
                get:
                  operationId: exportThings
                  security: [{staffJwt: []}]
                  responses:
                    "200":
                      description: Every thing
                      content:
                        text/csv; charset=utf-8:
                          schema: {type: string, pattern: "^\\"count\\",\\"state\\"\\r\\n"}
                    "401":
                      description: No token
                      content:
                        application/json:
                          schema: {type: object, required: [message], properties: {message: {type: string}}}
            components:
              securitySchemes:
                staffJwt: {type: http, scheme: bearer, bearerFormat: JWT}
            """;

    private final ApiContract contract = ApiContract.of(DOCUMENT);

    @Test
    void anExchangeTheDocumentDescribes_differsInNothing() {
        assertEquals(List.of(), contract.differences(thing(200, "{\"count\": 2, \"state\": \"open\"}", "no-store")));
        assertEquals(List.of(), contract.differences(csv(200, "\"count\",\"state\"\r\n\"2\",\"open\"\r\n")));
    }

    @Test
    void aStatusTheDocumentDoesNotDeclare_isNamed() {
        assertEquals(List.of("response: Response status 418 not defined for path '/things/{thingId}'."),
                contract.differences(thing(418, "{}", "no-store")));
    }

    @Test
    void aFieldOfTheWrongType_isNamedByWhereItIs() {
        assertEquals(List.of("response: [Path '/count'] Instance type (string) does not match any allowed primitive type"
                        + " (allowed: [\"integer\"])"),
                contract.differences(thing(200, "{\"count\": \"2\", \"state\": \"open\"}", "no-store")));
    }

    @Test
    void aRouteTheDocumentLacks_isNamed() {
        ApiExchange exchange = new ApiExchange(ApiExchange.Seam.HANDLER, "DELETE /things/{thingId}", "/things/abc",
                Map.of(), null, 204, Map.of(), null);
        assertEquals(List.of("the route DELETE /things/{thingId} is not in openapi.yaml (no operation delete under"
                + " paths./things/{thingId})"), contract.differences(exchange));
    }

    @Test
    void aHeaderTheDocumentRequires_isMissed_andAValueItDoesNotAllow_isNamed() {
        assertEquals(List.of("response: Header 'Retry-After' is expected on path '/things/{thingId}' but not found in response."),
                contract.differences(thing(503, "{}", null)));
        assertEquals(1, contract.differences(thing(200, "{\"count\": 2, \"state\": \"open\"}", "public, max-age=300")).size());
    }

    @Test
    void aContentTypeWithoutTheDocumentsCharset_isNamed() {
        ApiExchange exchange = exchange("GET /things/{thingId}", "/things/abc", Map.of(), 200,
                Map.of("Content-Type", List.of("application/json"), "Cache-Control", List.of("no-store")),
                "{\"count\": 2, \"state\": \"open\"}");
        assertEquals(List.of("response: Response Content-Type 'application/json' does not name the charset the document gives"
                + " (application/json; charset=utf-8)."), contract.differences(exchange));
    }

    @Test
    void aTextBody_isHeldToItsSchema() {
        List<String> differences = contract.differences(csv(200, "count;state\r\n2;open\r\n"));
        assertEquals(1, differences.size(), differences.toString());
        assertTrue(differences.get(0).startsWith("response: ECMA 262 regex"), differences.toString());
    }

    @Test
    void aRequestTheDocumentCallsInvalid_mayBeRefused_butNotAccepted() {
        ApiExchange refused = exchange("GET /things/{thingId}", "/things/abc?lang=fr", Map.of(), 400,
                Map.of("Content-Type", List.of("application/json; charset=utf-8")), "{}");
        assertEquals(List.of("response: Response status 400 not defined for path '/things/{thingId}'."),
                contract.differences(refused), "only the undeclared 400 differs: a refused request may be invalid");
        ApiExchange accepted = exchange("GET /things/{thingId}", "/things/abc?lang=fr", Map.of(), 200,
                json("no-store"), "{\"count\": 2, \"state\": \"open\"}");
        assertEquals(List.of("request: the document calls this request invalid, yet it was answered 200: Instance value"
                + " (\"…\") not found in enum (possible values: [\"en\",\"es\"])"), contract.differences(accepted));
    }

    @Test
    void aQueryParameterTheDocumentDoesNotName_isNoDifference() {
        ApiExchange ignored = exchange("GET /things/{thingId}", "/things/abc?v=2", Map.of(), 200,
                json("no-store"), "{\"count\": 2, \"state\": \"open\"}");
        assertEquals(List.of(), contract.differences(ignored));
    }

    @Test
    void aMissingToken_isHeldAgainstARequestThroughTheGateway_butNotAtAHandler() {
        String body = "\"count\",\"state\"\r\n";
        Map<String, List<String>> headers = Map.of("Content-Type", List.of("text/csv; charset=utf-8"));
        ApiExchange throughGateway = new ApiExchange(ApiExchange.Seam.GATEWAY, "GET /things.csv", "/things.csv", Map.of(),
                null, 200, headers, body.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, contract.differences(throughGateway).size(), "the gateway let a request without a token through");
        ApiExchange atHandler = new ApiExchange(ApiExchange.Seam.HANDLER, "GET /things.csv", "/things.csv", Map.of(),
                null, 200, headers, body.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), contract.differences(atHandler), "the authorizer ran before the event was made");
    }

    @Test
    void aValueFromTheExchange_isNeverRepeated_andTheSameErrorAtEveryIndexIsToldOnce() {
        ApiExchange exchange = exchange("GET /things/{thingId}", "/things/abc", Map.of(), 200, json("no-store"),
                "{\"count\": 2, \"state\": \"person@example.org\"}");
        List<String> differences = contract.differences(exchange);
        assertEquals(1, differences.size());
        assertTrue(differences.get(0).contains("[Path '/state'] Instance value (\"…\") not found in enum"), differences.toString());
        assertTrue(!differences.get(0).contains("person@example.org"), differences.toString());

        String described = ApiContract.describe(exchange("GET /things/{thingId}", "/things/abc?lang=person%40example.org",
                Map.of(), 200, json("no-store"), "{}"), List.of("response: something"));
        assertTrue(described.contains("GET /things/abc?lang=…"), described);
        assertTrue(!described.contains("person"), described);
    }

    @Test
    void aHandlersInvocation_isTheExchangeApiGatewayWouldCarry() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey("POST /groups/{groupId}/signups");
        event.setPathParameters(Map.of("groupId", "a b"));
        event.setRawQueryString("lang=es");
        event.setHeaders(Map.of("Content-Type", "application/x-www-form-urlencoded"));
        event.setBody(Base64.getEncoder().encodeToString("firstName=A".getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(204);
        response.setCookies(List.of("a=b"));

        ApiExchange exchange = ApiExchange.of(event, response);
        assertEquals("/groups/a%20b/signups?lang=es", exchange.target());
        assertEquals("application/x-www-form-urlencoded", exchange.requestHeader("content-type"));
        assertEquals("firstName=A", new String(exchange.requestBody(), StandardCharsets.UTF_8));
        assertEquals("application/json", exchange.responseHeader("Content-Type"), "API Gateway's default");
        assertEquals("a=b", exchange.responseHeader("set-cookie"));
    }

    @Test
    void aFormsValues_areStrings_asAFormSendsThem() {
        assertEquals(List.of(), contract.differences(form("name=007&flag=true")), "digits and \"true\" are strings in a form");
        assertEquals(List.of("request: the document calls this request invalid, yet it was answered 303: [Path '/flag']"
                + " Instance value (\"…\") not found in enum (possible values: [\"on\",\"true\"])"),
                contract.differences(form("name=x&flag=yes")));
    }

    private static ApiExchange form(String body) {
        return new ApiExchange(ApiExchange.Seam.HANDLER, "POST /things", "/things",
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded")), body.getBytes(StandardCharsets.UTF_8),
                303, Map.of("Location", List.of("https://example.org/thanks")), null);
    }

    private static ApiExchange thing(int status, String body, String cacheControl) {
        return exchange("GET /things/{thingId}", "/things/abc", Map.of(), status, json(cacheControl), body);
    }

    private static ApiExchange csv(int status, String body) {
        return new ApiExchange(ApiExchange.Seam.HANDLER, "GET /things.csv", "/things.csv", Map.of(), null, status,
                Map.of("Content-Type", List.of("text/csv; charset=utf-8")), body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, List<String>> json(String cacheControl) {
        return cacheControl == null ? Map.of("Content-Type", List.of("application/json; charset=utf-8"))
                : Map.of("Content-Type", List.of("application/json; charset=utf-8"), "Cache-Control", List.of(cacheControl));
    }

    private static ApiExchange exchange(String routeKey, String target, Map<String, List<String>> requestHeaders, int status,
                                        Map<String, List<String>> responseHeaders, String body) {
        return new ApiExchange(ApiExchange.Seam.HANDLER, routeKey, target, requestHeaders, null, status, responseHeaders,
                body.getBytes(StandardCharsets.UTF_8));
    }
}
