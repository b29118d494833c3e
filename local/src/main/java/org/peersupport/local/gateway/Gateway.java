package org.peersupport.local.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.peersupport.local.lambda.FunctionError;
import org.peersupport.local.lambda.LambdaFunction;
import org.peersupport.shared.Log;

/**
 * Plays API Gateway (HTTP API, {@code $default} stage) in front of the functions: matches the
 * template's routes, answers CORS preflights, throttles, refuses bodies over 10 MB, checks tokens
 * on routes with a JWT authorizer (401 before any function runs), builds the payload 2.0 event,
 * invokes the function within the route's integration timeout, and reads its result back.
 * Requests no route serves go to the local endpoints ({@code /_local/...}) and the example
 * website, else get API Gateway's 404.
 */
public final class Gateway implements HttpHandler {
    /** HTTP APIs refuse request payloads over 10 MB. */
    public static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;

    /** Something the local server answers itself: the outbox, the website. */
    public interface Endpoint {
        /** The response, or null when this endpoint has nothing for the request. */
        HttpResponse handle(HttpRequest request) throws IOException;
    }

    /**
     * Sees every exchange on a route, as the client gets it, before it is sent. Observers are the
     * ones on the class path ({@link ServiceLoader}): the local module's tests register one that
     * checks each exchange against openapi.yaml; {@code ./run-local} has none.
     */
    public interface Observer {
        void exchanged(String routeKey, HttpRequest request, HttpResponse response);
    }

    private final HttpApis apis;
    private final Map<String, LambdaFunction> functions;
    /** The JWT authorizers by API logical id and name ({@code Api/StaffJwt}). */
    private final Map<String, JwtAuthorizer> authorizers;
    private final String accountId;
    private final List<Endpoint> endpoints;
    private final Clock clock;
    private final ExecutorService integrations;
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Observer> observers = ServiceLoader.load(Observer.class).stream().map(ServiceLoader.Provider::get).toList();

    public Gateway(HttpApis apis, Map<String, LambdaFunction> functions, Map<String, JwtAuthorizer> authorizers,
                   String accountId, List<Endpoint> endpoints, Clock clock) {
        this.apis = apis;
        this.functions = functions;
        this.authorizers = Map.copyOf(authorizers);
        this.accountId = accountId;
        this.endpoints = List.copyOf(endpoints);
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.integrations = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "integration-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String requestId = ApiEvents.requestId();
        String routeKey = "-";
        HttpResponse response;
        HttpRequest request = null;
        try {
            Map<String, List<String>> headers = exchange.getRequestHeaders();
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                response = HttpResponse.gateway(413, "Request Entity Too Large");
            } else {
                request = new HttpRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                        headers, body, exchange.getRemoteAddress(), exchange.getProtocol(),
                        exchange.getLocalAddress().getPort());
                HttpApis.Match match = apis.match(request.method(), request.path());
                routeKey = match == null ? "-" : match.route().routeKey();
                response = respond(request, match, requestId);
            }
        } catch (RuntimeException e) {
            Log.error("local.gateway.failed", e, "requestId", requestId);
            response = HttpResponse.gateway(500, "Internal Server Error");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers());
        headers.add(Map.entry("apigw-requestid", requestId));
        if (request != null && !request.path().startsWith("/_local/") && !isStatic(response)) {
            Cors cors = apis.corsFor(request.path());
            String origin = request.header("origin");
            if (cors != null && origin != null && !Cors.isPreflight(request.method(), origin, request.header("access-control-request-method"))) {
                headers.removeIf(h -> Cors.isCorsHeader(h.getKey()));
                cors.response(origin).forEach((k, v) -> headers.add(Map.entry(k, v)));
            }
        }
        if (request != null && !routeKey.equals("-")) {
            observe(routeKey, request, new HttpResponse(response.status(), headers, response.body()), requestId);
        }
        write(exchange, request != null && request.method().equals("HEAD"), response.status(), headers, response.body());
        Log.info("local.request", "method", exchange.getRequestMethod(), "routeKey", routeKey,
                "status", response.status(), "ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                "requestId", requestId);
    }

    private HttpResponse respond(HttpRequest request, HttpApis.Match match, String requestId) {
        String origin = request.header("origin");
        String requestMethod = request.header("access-control-request-method");
        if (Cors.isPreflight(request.method(), origin, requestMethod)) {
            Cors cors = apis.corsFor(request.path());
            if (cors != null) {
                List<Map.Entry<String, String>> headers = new ArrayList<>();
                cors.preflight(origin, requestMethod, request.joined("access-control-request-headers"))
                        .forEach((k, v) -> headers.add(Map.entry(k, v)));
                return new HttpResponse(204, headers, new byte[0]);
            }
        }
        if (request.path().startsWith("/_local/") && !LoopbackHost.named(request.header("host"))) {
            // A page elsewhere can point a name of its own at 127.0.0.1 (DNS rebinding) and read
            // what the browser fetches from it; the outbox holds withdraw links. Only loopback names
            // reach the local endpoints.
            Log.warn("local.endpoint.refused", "reason", "host_not_loopback", "requestId", requestId);
            return HttpResponse.gateway(403, "Forbidden");
        }
        if (match == null || request.path().startsWith("/_local/")) {
            for (Endpoint endpoint : endpoints) {
                try {
                    HttpResponse response = endpoint.handle(request);
                    if (response != null) {
                        return response;
                    }
                } catch (IOException e) {
                    Log.error("local.endpoint.failed", e, "requestId", requestId);
                    return HttpResponse.gateway(502, "Bad Gateway");
                }
            }
            return HttpResponse.gateway(404, "Not Found");
        }
        Route route = match.route();
        if (route.throttle() != null && !route.throttle().tryAcquire()) {
            return HttpResponse.gateway(429, "Too Many Requests");
        }
        Map<String, String> claims = null;
        if (route.authorizer() != null) {
            JwtAuthorizer authorizer = authorizers.get(route.apiId() + "/" + route.authorizer());
            if (authorizer == null) {
                return HttpResponse.gateway(403, "Forbidden"); // an authorizer not emulated here: never open
            }
            JwtAuthorizer.Decision decision = authorizer.authorize(request);
            if (decision instanceof JwtAuthorizer.Refused refused) {
                Log.warn("local.jwt.refused", "routeKey", route.routeKey(), "reason",
                        refused.description() == null ? "no token" : refused.description(), "requestId", requestId);
                HttpResponse unauthorized = HttpResponse.gateway(401, "Unauthorized");
                List<Map.Entry<String, String>> headers = new ArrayList<>(unauthorized.headers());
                headers.add(Map.entry("www-authenticate", refused.challenge()));
                return new HttpResponse(401, headers, unauthorized.body());
            }
            claims = ((JwtAuthorizer.Allowed) decision).claims();
        }
        LambdaFunction function = functions.get(route.functionId());
        String event = ApiEvents.build(request, match, accountId, requestId, Instant.now(clock), claims).toString();
        Future<String> invocation = integrations.submit(() -> function.invoke(event));
        String result;
        try {
            result = invocation.get(route.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Log.warn("local.integration.timeout", "routeKey", route.routeKey(), "timeoutMillis", route.timeoutMillis(),
                    "requestId", requestId);
            return HttpResponse.gateway(503, "Service Unavailable");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FunctionError) {
                return HttpResponse.gateway(500, "Internal Server Error");
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HttpResponse.gateway(503, "Service Unavailable");
        }
        if (HttpResponse.hasMultiValueHeaders(result) && warned.add(route.functionId())) {
            Log.warn("local.multiValueHeaders.ignored", "function", route.functionId(),
                    "why", "payload format 2.0 has no multiValueHeaders: HTTP APIs ignore them; use headers or cookies");
        }
        try {
            return HttpResponse.fromLambda(result);
        } catch (HttpResponse.MalformedResult e) {
            Log.warn("local.result.malformed", "function", route.functionId(), "reason", e.getMessage(), "requestId", requestId);
            return HttpResponse.gateway(500, "Internal Server Error");
        }
    }

    private void observe(String routeKey, HttpRequest request, HttpResponse response, String requestId) {
        for (Observer observer : observers) {
            try {
                observer.exchanged(routeKey, request, response);
            } catch (RuntimeException e) {
                Log.warn("local.observer.failed", "routeKey", routeKey, "error", e.getClass().getSimpleName(),
                        "requestId", requestId);
            }
        }
    }

    private static boolean isStatic(HttpResponse response) {
        return "site".equals(response.header("X-Local-Source"));
    }

    /**
     * The body, or null when it is over the limit. An oversized body is still read (up to a bound)
     * and dropped, so that the client, still sending, gets to read the 413.
     */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total <= MAX_REQUEST_BYTES) {
                out.write(buffer, 0, n);
            } else if (total > 8L * MAX_REQUEST_BYTES) {
                break;
            }
        }
        return total > MAX_REQUEST_BYTES ? null : out.toByteArray();
    }

    private static void write(HttpExchange exchange, boolean head, int status, List<Map.Entry<String, String>> headers,
                              byte[] body) throws IOException {
        for (Map.Entry<String, String> header : headers) {
            if (!header.getKey().equalsIgnoreCase("X-Local-Source")) {
                exchange.getResponseHeaders().add(header.getKey(), header.getValue());
            }
        }
        boolean noBody = head || body.length == 0 || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    public void close() {
        integrations.shutdownNow();
    }
}
