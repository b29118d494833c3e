package org.peersupport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.json.Json;

class TemplateTest {
    private final StackTemplate template = StackTemplate.load();

    /** Every route has a sample event, and every sample event is for a route that exists. */
    @Test
    void events_coverEveryRouteAndNameOnlyRealRoutes() throws IOException {
        Set<String> routes = new HashSet<>();
        template.routes().forEach(route -> routes.add(route.routeKey()));
        Set<String> covered = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Repo.root().resolve("events"), "*.json")) {
            for (Path file : files) {
                Map<String, Object> event = Json.parseObject(Files.readString(file));
                if (!"2.0".equals(event.get("version"))) {
                    continue; // not an HTTP API event (stream and schedule events live here too)
                }
                String routeKey = (String) event.get("routeKey");
                assertTrue(routes.contains(routeKey), file + " is for " + routeKey + ", not in template.yaml");
                @SuppressWarnings("unchecked")
                Map<String, Object> context = (Map<String, Object>) event.get("requestContext");
                assertEquals(routeKey, context.get("routeKey"), file.toString());
                covered.add(routeKey);
            }
        }
        assertEquals(routes, covered);
    }

    /** openapi.yaml describes every route the stack serves, with the same method and path. */
    @Test
    void everyTemplateRoute_isInOpenApi() throws IOException {
        Map<String, Object> openapi;
        try (var reader = Files.newBufferedReader(Repo.root().resolve("openapi.yaml"))) {
            openapi = new org.yaml.snakeyaml.Yaml().load(reader);
        }
        Map<String, Object> paths = StackTemplate.map(openapi.get("paths"));
        for (StackTemplate.Route route : template.routes()) {
            // OpenAPI has no greedy parameter: the template's {file+} is {file} there.
            Map<String, Object> operations = StackTemplate.map(paths.get(route.path().replace("+}", "}")));
            assertTrue(operations.containsKey(route.method().toLowerCase(java.util.Locale.ROOT)),
                    route.routeKey() + " is not in openapi.yaml");
        }
    }

    @Test
    void noResourceHasAPhysicalName() {
        template.resources().forEach((id, resource) -> {
            Map<String, Object> properties = StackTemplate.map(StackTemplate.map(resource).get("Properties"));
            for (String name : List.of("TableName", "FunctionName", "LogGroupName", "QueueName", "RoleName")) {
                // A Ref to another resource (a metric filter's log group) names nothing new.
                assertFalse(properties.get(name) instanceof String, id + " sets " + name);
            }
        });
    }
}
