package org.peersupport.testkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.StackTemplate;

/**
 * openapi.yaml as a document: swagger-parser reads it without a complaint, its operations are
 * exactly the template's routes, and each says who may call it — and what API Gateway itself
 * answers before any function runs.
 */
class ApiDocumentTest {
    private static final OpenAPI API = ApiDocument.resolved(ApiDocument.text());
    private static final Map<String, Operation> OPERATIONS = ApiDocument.operations(API);
    private static final List<StackTemplate.Route> ROUTES = StackTemplate.load().routes();

    @Test
    void openapiYaml_isReadBySwaggerParser_withoutAnErrorOrAWarning() {
        assertEquals(List.of(), ApiDocument.parserMessages(ApiDocument.text()));
    }

    @Test
    void aBrokenDocument_isReported() {
        List<String> messages = ApiDocument.parserMessages(ApiDocument.text().replace(
                "rowCount: {type: integer, description: \"Rows exported",
                "rowCount: {type: integer, description: Rows exported"));
        assertTrue(!messages.isEmpty(), "the unquoted description's commas split it into stray properties");
    }

    @Test
    void theDocumentsOperations_areExactlyTheTemplatesRoutes() {
        Set<String> template = new LinkedHashSet<>();
        ROUTES.forEach(route -> template.add(ApiDocument.documentRouteKey(route.routeKey())));
        Set<String> onlyInTemplate = new LinkedHashSet<>(template);
        onlyInTemplate.removeAll(OPERATIONS.keySet());
        Set<String> onlyInDocument = new LinkedHashSet<>(OPERATIONS.keySet());
        onlyInDocument.removeAll(template);
        assertTrue(onlyInTemplate.isEmpty() && onlyInDocument.isEmpty(),
                "template.yaml and openapi.yaml disagree on the routes. Only in template.yaml: " + onlyInTemplate
                        + "; only in openapi.yaml: " + onlyInDocument);
    }

    @Test
    void publicOperations_sayNoSecurity_andStaffOperations_nameTheStaffJwtScheme() {
        SecurityScheme scheme = API.getComponents().getSecuritySchemes().get("staffJwt");
        assertEquals(SecurityScheme.Type.HTTP, scheme.getType());
        assertEquals("bearer", scheme.getScheme());
        assertEquals("JWT", scheme.getBearerFormat());
        List<String> wrong = new ArrayList<>();
        for (StackTemplate.Route route : ROUTES) {
            Operation operation = OPERATIONS.get(ApiDocument.documentRouteKey(route.routeKey()));
            if (operation == null) {
                continue; // the test above names it
            }
            List<SecurityRequirement> security = operation.getSecurity();
            if (route.authorizer() == null && (security == null || !security.isEmpty())) {
                wrong.add(route.routeKey() + " is public (no authorizer in template.yaml): it should say security: []");
            }
            if (route.authorizer() != null && (security == null || security.size() != 1
                    || !security.get(0).keySet().equals(Set.of("staffJwt")))) {
                wrong.add(route.routeKey() + " has the " + route.authorizer() + " authorizer: it should say security: [{staffJwt: []}]");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void whatApiGatewayAnswersItself_isDeclared_401OnStaffRoutes_and429And500And503OnEvery() {
        List<String> missing = new ArrayList<>();
        for (StackTemplate.Route route : ROUTES) {
            Operation operation = OPERATIONS.get(ApiDocument.documentRouteKey(route.routeKey()));
            if (operation == null) {
                continue;
            }
            if (route.authorizer() != null && !operation.getResponses().containsKey("401")) {
                missing.add(route.routeKey() + ": 401 (the JWT authorizer's refusal)");
            }
            if (!operation.getResponses().containsKey("429")) {
                missing.add(route.routeKey() + ": 429 (the stage's and the route's throttling)");
            }
            if (!operation.getResponses().containsKey("500")) {
                missing.add(route.routeKey() + ": 500 (API Gateway's own, when the function fails or runs out of time)");
            }
            if (!operation.getResponses().containsKey("503")) {
                missing.add(route.routeKey() + ": 503 (API Gateway's own, past the integration timeout)");
            }
        }
        assertTrue(missing.isEmpty(), "Not declared:\n" + String.join("\n", missing));
    }

    @Test
    void apiGatewaysOwn500And503_passTheCheck_onEveryRoute() {
        List<String> refused = new ArrayList<>();
        for (StackTemplate.Route route : ROUTES) {
            String target = route.routeKey().substring(route.routeKey().indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x");
            for (String answer : List.of("500 Internal Server Error", "503 Service Unavailable")) {
                int status = Integer.parseInt(answer.substring(0, 3));
                ApiExchange exchange = new ApiExchange(ApiExchange.Seam.GATEWAY, route.routeKey(), target, Map.of(), null,
                        status, Map.of("Content-Type", List.of("application/json")),
                        ("{\"message\":\"" + answer.substring(4) + "\"}").getBytes(StandardCharsets.UTF_8));
                List<String> differences = ApiContract.repository().differences(exchange);
                if (!differences.isEmpty()) {
                    refused.add(route.routeKey() + " " + status + ": " + differences);
                }
            }
        }
        assertTrue(refused.isEmpty(), String.join("\n", refused));
    }
}
