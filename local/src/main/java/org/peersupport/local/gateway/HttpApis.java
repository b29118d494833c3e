package org.peersupport.local.gateway;

import static org.peersupport.testkit.StackTemplate.list;
import static org.peersupport.testkit.StackTemplate.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.peersupport.shared.Log;
import org.peersupport.testkit.Intrinsics;
import org.peersupport.testkit.StackTemplate;

/**
 * The stack's HTTP APIs and their routes, read from template.yaml as SAM reads them: routes from
 * functions' {@code HttpApi} events (an event without {@code ApiId} belongs to SAM's implicit
 * {@code ServerlessHttpApi}), CORS, authorizers (JWT ones are emulated) and stage throttling from
 * the {@code AWS::Serverless::HttpApi} resource merged over {@code Globals.HttpApi}.
 */
public final class HttpApis {
    public static final String IMPLICIT_API = "ServerlessHttpApi";

    /**
     * One API: its id in events ({@code requestContext.apiId}) and what the gateway does before a
     * route: CORS, and its JWT authorizers by name.
     */
    public record Api(String logicalId, String apiId, Cors cors, Map<String, JwtAuthorizer.Config> authorizers) {
        public Api {
            authorizers = Map.copyOf(authorizers);
        }
    }

    /** A request matched to a route, with its decoded path parameters. */
    public record Match(Route route, Api api, Map<String, String> pathParameters) {
    }

    private final Map<String, Api> apis;
    private final List<Route> routes;

    public HttpApis(Map<String, Api> apis, List<Route> routes) {
        this.apis = Map.copyOf(apis);
        this.routes = List.copyOf(routes);
    }

    public static HttpApis from(StackTemplate template, Intrinsics intrinsics) {
        Map<String, Object> globals = map(map(template.raw().get("Globals")).get("HttpApi"));
        Map<String, Map<String, Object>> apiProperties = new LinkedHashMap<>();
        for (String id : template.ofType("AWS::Serverless::HttpApi")) {
            Map<String, Object> merged = new LinkedHashMap<>(globals);
            merged.putAll(template.properties(id));
            apiProperties.put(id, merged);
        }
        List<Route> routes = new ArrayList<>();
        for (String function : template.ofType("AWS::Serverless::Function")) {
            map(template.properties(function).get("Events")).forEach((name, value) -> {
                Map<String, Object> event = map(value);
                if (!"HttpApi".equals(event.get("Type"))) {
                    return;
                }
                Map<String, Object> props = map(event.get("Properties"));
                String apiId = logicalId(props.get("ApiId"));
                if (apiId == null) {
                    apiId = IMPLICIT_API;
                    apiProperties.putIfAbsent(IMPLICIT_API, new LinkedHashMap<>(globals));
                }
                Map<String, Object> api = apiProperties.getOrDefault(apiId, Map.of());
                String version = String.valueOf(props.getOrDefault("PayloadFormatVersion",
                        api.getOrDefault("PayloadFormatVersion", "2.0")));
                if (!version.equals("2.0")) {
                    throw new IllegalStateException(function + "." + name + ": payload format " + version
                            + " is not emulated locally (the project uses 2.0)");
                }
                String method = props.get("Method") == null ? null : props.get("Method").toString().toUpperCase(Locale.ROOT);
                String path = (String) props.get("Path");
                if (method == null && path == null) {
                    method = "ANY";
                    path = Route.DEFAULT;
                }
                if (method != null && method.equals("X-AMAZON-APIGATEWAY-ANY-METHOD")) {
                    method = "ANY";
                }
                String authorizer = authorizer(map(props.get("Auth")).get("Authorizer"), map(api.get("Auth")));
                Object timeout = intrinsics.resolve(props.get("TimeoutInMillis"));
                int timeoutMillis = timeout == null ? Route.DEFAULT_TIMEOUT_MILLIS : Integer.parseInt(timeout.toString());
                // The event's own RouteSettings, else the API's for this route key, else the stage's default.
                Map<String, Object> routeSettings = map(intrinsics.resolve(props.get("RouteSettings")));
                if (routeSettings.isEmpty()) {
                    routeSettings = map(map(intrinsics.resolve(api.get("RouteSettings"))).get(method + " " + path));
                }
                Throttle throttle = throttle(routeSettings, map(intrinsics.resolve(api.get("DefaultRouteSettings"))));
                routes.add(new Route(apiId, method, path, function, authorizer, timeoutMillis, throttle));
            });
        }
        Map<String, Api> apis = new LinkedHashMap<>();
        apiProperties.forEach((id, props) -> {
            Object physical;
            try {
                physical = intrinsics.resolve(Map.of("Ref", id));
            } catch (IllegalStateException notDeployed) {
                physical = id.toLowerCase(Locale.ROOT);
            }
            apis.put(id, new Api(id, String.valueOf(physical), cors(intrinsics.resolve(props.get("CorsConfiguration"))),
                    jwtAuthorizers(map(props.get("Auth")), intrinsics)));
        });
        for (Route route : routes) {
            Api api = apis.get(route.apiId());
            if (route.authorizer() != null && (api == null || !api.authorizers().containsKey(route.authorizer()))) {
                // AWS_IAM, Lambda authorizers: refused locally (403), so a route is never left open by mistake.
                Log.warn("local.authorizer.notEmulated", "route", route.routeKey(), "authorizer", route.authorizer());
            }
        }
        return new HttpApis(apis, routes);
    }

    public List<Route> routes() {
        return routes;
    }

    public Api api(String logicalId) {
        return apis.get(logicalId);
    }

    /** The most specific route for a method and a decoded path, as API Gateway chooses. */
    public Match match(String method, String decodedPath) {
        List<String> segments = Route.segments(decodedPath);
        Match best = null;
        for (Route route : routes) {
            Map<String, String> parameters = route.match(method, segments);
            if (parameters != null && (best == null || Route.compare(route.specificity(), best.route().specificity()) < 0)) {
                best = new Match(route, apis.get(route.apiId()), parameters);
            }
        }
        return best;
    }

    /** The CORS configuration for a path: that of the API whose routes serve it, else the first one that has one. */
    public Cors corsFor(String decodedPath) {
        List<String> segments = Route.segments(decodedPath);
        for (Route route : routes) {
            if (!route.isDefault() && route.match(route.method(), segments) != null) {
                Cors cors = apis.get(route.apiId()).cors();
                if (cors != null) {
                    return cors;
                }
            }
        }
        return apis.values().stream().map(Api::cors).filter(c -> c != null).findFirst().orElse(null);
    }

    /** The API's JWT authorizers ({@code Auth.Authorizers.<name>.JwtConfiguration}), issuer and audience resolved. */
    private static Map<String, JwtAuthorizer.Config> jwtAuthorizers(Map<String, Object> auth, Intrinsics intrinsics) {
        Map<String, JwtAuthorizer.Config> out = new LinkedHashMap<>();
        map(auth.get("Authorizers")).forEach((name, value) -> {
            Map<String, Object> definition = map(value);
            Map<String, Object> jwt = map(definition.get("JwtConfiguration"));
            if (jwt.isEmpty()) {
                return;
            }
            String issuer;
            List<String> audience = new ArrayList<>();
            try {
                issuer = intrinsics.resolveString(jwt.get("issuer"));
                for (Object item : list(intrinsics.resolve(jwt.get("audience")))) {
                    audience.add(String.valueOf(item));
                }
            } catch (IllegalStateException notDeployed) {
                // Without the user pool on the endpoint there is no issuer: every token is refused.
                issuer = null;
                audience.clear();
            }
            Object source = definition.get("IdentitySource");
            out.put(name, new JwtAuthorizer.Config(name, source == null ? null : String.valueOf(source), issuer, audience));
        });
        return out;
    }

    private static String logicalId(Object ref) {
        if (ref == null) {
            return null;
        }
        Object id = map(ref).get("Ref");
        return id == null ? ref.toString() : id.toString();
    }

    private static String authorizer(Object routeAuthorizer, Map<String, Object> apiAuth) {
        Object chosen = routeAuthorizer != null ? routeAuthorizer : apiAuth.get("DefaultAuthorizer");
        if (chosen == null || "NONE".equals(chosen.toString())) {
            return null;
        }
        return chosen.toString();
    }

    private static Throttle throttle(Map<String, Object> route, Map<String, Object> stage) {
        Object burst = route.containsKey("ThrottlingBurstLimit") ? route.get("ThrottlingBurstLimit") : stage.get("ThrottlingBurstLimit");
        Object rate = route.containsKey("ThrottlingRateLimit") ? route.get("ThrottlingRateLimit") : stage.get("ThrottlingRateLimit");
        if (burst == null && rate == null) {
            return null;
        }
        // API Gateway's account-level defaults stand in for whichever of the two is not set.
        double b = burst == null ? 5000 : Double.parseDouble(burst.toString());
        double r = rate == null ? 10_000 : Double.parseDouble(rate.toString());
        return new Throttle(b, r);
    }

    private static Cors cors(Object configuration) {
        if (configuration == null || Boolean.FALSE.equals(configuration) || "false".equals(configuration)) {
            return null;
        }
        if (Boolean.TRUE.equals(configuration) || "true".equals(configuration)) {
            return Cors.ALLOW_ALL;
        }
        Map<String, Object> c = map(configuration);
        Object maxAge = c.get("MaxAge");
        return new Cors(strings(c.get("AllowOrigins")), strings(c.get("AllowMethods")), strings(c.get("AllowHeaders")),
                strings(c.get("ExposeHeaders")), maxAge == null ? null : Integer.valueOf(maxAge.toString()),
                Boolean.parseBoolean(String.valueOf(c.get("AllowCredentials"))));
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        for (Object item : list(value)) {
            out.add(String.valueOf(item).trim());
        }
        return out;
    }
}
