package org.peersupport.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs in a fresh JVM whose class path is one function.jar plus this class (and {@link MiniJson}),
 * as Lambda's runtime would: loads the handler class, builds it with its no-argument constructor
 * (configuration from the process environment), reads one event and serves it: an HTTP API
 * event (payload 2.0) to a {@code RequestHandler}, or the raw JSON to a {@code RequestStreamHandler}
 * (send-confirmation's stream batch or schedule). Prints one line:
 * {@code status=200 initMs=... invokeMs=... classes=... allocatedBytes=...} (the event read before
 * the clock starts); with
 * {@code -Dbench.primed=true}, the handler's SnapStart hooks run between construction and the first
 * invoke (a restored function's first request), and {@code primeMs=... warmMs=...} follow: the
 * hook's time and the median of ten more invokes of the same event, and {@code firstClasses=...},
 * the classes the first invoke still had to load. Lambda's runtime would
 * also deserialise the event with its own Jackson-based serialiser, in its own class loader; that
 * cost is the same for every function and is left out here.
 * Uses no library of its own, so every function is measured with the same overhead.
 */
public final class Invoker {
    private Invoker() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String handlerClass = args[0].split("::")[0];
        byte[] eventBytes = Files.readAllBytes(Path.of(args[1]));

        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        long constructed = System.nanoTime();
        // -Dbench.primed=true: SnapStart's hook before the snapshot (the handler's priming), then the
        // first invoke a restored function serves, then WARM_INVOKES more of the same event.
        boolean primed = Boolean.getBoolean("bench.primed");
        double primeMs = primed ? prime(handler) : 0;
        // The event is read before the clock starts, as Lambda's runtime deserialises it before the handler runs.
        Object event = prepare(handler, eventBytes);
        Context context = new BenchContext();
        String[] detail = {""};
        java.lang.management.ClassLoadingMXBean classLoading = null;
        long classesBefore = 0;
        if (primed) {
            // This harness's own first call costs 0.2-0.3 ms (its call sites linked on first use), as
            // much as a cached answer's whole first invoke: taken here, through a handler that does
            // nothing, so the timed invoke is the function's. In Lambda the runtime's loop is in the
            // snapshot too.
            Object nothing = new Nothing();
            for (int i = 0; i < 3; i++) {
                invoke(nothing, prepare(nothing, eventBytes), new BenchContext(), new String[] {""});
            }
            classLoading = ManagementFactory.getClassLoadingMXBean();
            classesBefore = classLoading.getTotalLoadedClassCount();
        }
        long first = System.nanoTime();
        int status = invoke(handler, event, context, detail);
        long served = System.nanoTime();
        long firstClasses = primed ? classLoading.getTotalLoadedClassCount() - classesBefore : 0;

        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        long allocated = ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
        String warm = "";
        if (primed) {
            // Further events after the first, when the first's work cannot be repeated (a link works once).
            double[] times = new double[WARM_INVOKES];
            for (int i = 0; i < WARM_INVOKES; i++) {
                Object next = prepare(handler,
                        args.length > 2 ? Files.readAllBytes(Path.of(args[2 + i % (args.length - 2)])) : eventBytes);
                Context later = new BenchContext(Long.getLong("bench.timeoutMs", 10_000));
                String[] ignored = {""};
                long t0 = System.nanoTime();
                int warmStatus = invoke(handler, next, later, ignored);
                times[i] = (System.nanoTime() - t0) / 1e6;
                if (args.length > 2 && warmStatus != status) {
                    throw new IllegalStateException("warm invoke " + i + " answered " + warmStatus + ", the first " + status);
                }
            }
            java.util.Arrays.sort(times);
            warm = String.format(" primeMs=%.1f warmMs=%.3f firstClasses=%d", primeMs,
                    (times[WARM_INVOKES / 2 - 1] + times[WARM_INVOKES / 2]) / 2, firstClasses);
        }
        System.out.printf("status=%d initMs=%.1f invokeMs=%.3f classes=%d allocatedBytes=%d%s%s%n", status,
                (constructed - start) / 1e6, (served - first) / 1e6, classes, allocated, warm, detail[0]);
    }

    /**
     * Answers every request at once: runs the harness's own invoke path before a timed one. A class
     * of its own, loaded only when primed: hello-world's jar has none of the types it names.
     */
    static final class Nothing implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
            response.setStatusCode(200);
            return response;
        }
    }

    /** Warm invokes after the first, in primed mode; their median is the warm figure. */
    static final int WARM_INVOKES = 10;

    /** The handler's SnapStart hooks, as Lambda calls them around a snapshot; the prime's milliseconds. */
    static double prime(Object handler) throws Exception {
        Object priming = handler.getClass().getMethod("priming").invoke(handler);
        Class<?> context = Class.forName("org.crac.Context");
        long start = System.nanoTime();
        priming.getClass().getMethod("beforeCheckpoint", context).invoke(priming, (Object) null);
        double ms = (System.nanoTime() - start) / 1e6;
        priming.getClass().getMethod("afterRestore", context).invoke(priming, (Object) null);
        if ((Long) priming.getClass().getMethod("primedMillis").invoke(priming) < 0) {
            throw new IllegalStateException("the prime failed (see its log line)");
        }
        return ms;
    }

    /** The event as the handler takes it: the raw bytes for a stream handler, else an HTTP API event. */
    @SuppressWarnings("unchecked")
    static Object prepare(Object handler, byte[] eventBytes) {
        if (handler instanceof RequestStreamHandler) {
            return eventBytes;
        }
        return httpEvent((Map<String, Object>) MiniJson.parse(new String(eventBytes, StandardCharsets.UTF_8)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int invoke(Object handler, Object event, Context context, String[] detail) throws Exception {
        if (handler instanceof RequestStreamHandler streamHandler) {
            // As Lambda gives a stream handler its event: the raw JSON bytes.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            streamHandler.handleRequest(new ByteArrayInputStream((byte[]) event), out, context);
            String answer = out.toString(StandardCharsets.UTF_8);
            // A stream batch answers with the records to retry: none means every record was handled.
            boolean handled = answer.contains("\"batchItemFailures\":[]");
            detail[0] = handled ? "" : " answer=" + answer;
            return handled ? 200 : 500;
        }
        Object result = ((RequestHandler) handler).handleRequest((APIGatewayV2HTTPEvent) event, context);
        return result instanceof APIGatewayV2HTTPResponse r ? r.getStatusCode() : 200;
    }

    @SuppressWarnings("unchecked")
    public static APIGatewayV2HTTPEvent httpEvent(Map<String, Object> json) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion((String) json.get("version"));
        event.setRouteKey((String) json.get("routeKey"));
        event.setRawPath((String) json.get("rawPath"));
        event.setRawQueryString((String) json.get("rawQueryString"));
        event.setHeaders(strings(json.get("headers")));
        event.setQueryStringParameters(strings(json.get("queryStringParameters")));
        event.setPathParameters(strings(json.get("pathParameters")));
        event.setBody((String) json.get("body"));
        event.setIsBase64Encoded(Boolean.TRUE.equals(json.get("isBase64Encoded")));
        Map<String, Object> context = (Map<String, Object>) json.get("requestContext");
        if (context != null) {
            APIGatewayV2HTTPEvent.RequestContext rc = new APIGatewayV2HTTPEvent.RequestContext();
            rc.setRouteKey((String) context.get("routeKey"));
            rc.setRequestId((String) context.get("requestId"));
            rc.setStage((String) context.get("stage"));
            rc.setDomainName((String) context.get("domainName"));
            Map<String, Object> http = (Map<String, Object>) context.get("http");
            if (http != null) {
                APIGatewayV2HTTPEvent.RequestContext.Http h = new APIGatewayV2HTTPEvent.RequestContext.Http();
                h.setMethod((String) http.get("method"));
                h.setPath((String) http.get("path"));
                h.setProtocol((String) http.get("protocol"));
                h.setSourceIp((String) http.get("sourceIp"));
                h.setUserAgent((String) http.get("userAgent"));
                rc.setHttp(h);
            }
            // The JWT authorizer's claims, where the staff handlers find who is calling.
            Map<String, Object> authorizer = (Map<String, Object>) context.get("authorizer");
            if (authorizer != null && authorizer.get("jwt") instanceof Map<?, ?> jwt) {
                APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT token = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
                token.setClaims(strings(jwt.get("claims")));
                APIGatewayV2HTTPEvent.RequestContext.Authorizer auth = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
                auth.setJwt(token);
                rc.setAuthorizer(auth);
            }
            event.setRequestContext(rc);
        }
        return event;
    }

    private static Map<String, String> strings(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put((String) k, (String) v));
        return out;
    }

    /** The little of Lambda's context a handler may use. */
    static final class BenchContext implements Context {
        private static final long FIRST_DEADLINE = System.currentTimeMillis() + Long.getLong("bench.timeoutMs", 10_000);
        private final long deadline;

        /** The first invocation's context: the timeout counts from the JVM's start, as a cold start's does. */
        BenchContext() {
            this.deadline = FIRST_DEADLINE;
        }

        /** A later invocation's, with {@code timeoutMillis} from now. */
        BenchContext(long timeoutMillis) {
            this.deadline = System.currentTimeMillis() + timeoutMillis;
        }

        @Override public String getAwsRequestId() { return "bench-request"; }
        @Override public String getLogGroupName() { return "bench"; }
        @Override public String getLogStreamName() { return "bench"; }
        @Override public String getFunctionName() { return "bench"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:bench"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        /** Counts down from the function's Timeout (template.yaml), passed as bench.timeoutMs. */
        @Override public int getRemainingTimeInMillis() {
            return (int) (deadline - System.currentTimeMillis());
        }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.print(message); }
                @Override public void log(byte[] message) { System.out.write(message, 0, message.length); }
            };
        }
    }
}
