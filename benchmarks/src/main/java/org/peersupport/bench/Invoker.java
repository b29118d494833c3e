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
 * {@code status=200 initMs=... invokeMs=... classes=... allocatedBytes=...}. Lambda's runtime would
 * also deserialise the event with its own Jackson-based serialiser, in its own class loader; that
 * cost is the same for every function and is left out here.
 * Uses no library of its own, so every function is measured with the same overhead.
 */
public final class Invoker {
    private Invoker() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String handlerClass = args[0].split("::")[0];
        byte[] eventBytes = Files.readAllBytes(Path.of(args[1]));

        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        long constructed = System.nanoTime();
        int status;
        String detail = "";
        if (handler instanceof RequestStreamHandler streamHandler) {
            // As Lambda gives a stream handler its event: the raw JSON bytes.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            streamHandler.handleRequest(new ByteArrayInputStream(eventBytes), out, new BenchContext());
            String answer = out.toString(StandardCharsets.UTF_8);
            // A stream batch answers with the records to retry: none means every record was handled.
            status = answer.contains("\"batchItemFailures\":[]") ? 200 : 500;
            detail = status == 200 ? "" : " answer=" + answer;
        } else {
            Map<String, Object> json = (Map<String, Object>) MiniJson.parse(new String(eventBytes, StandardCharsets.UTF_8));
            Object result = ((RequestHandler) handler).handleRequest(httpEvent(json), new BenchContext());
            status = result instanceof APIGatewayV2HTTPResponse r ? r.getStatusCode() : 200;
        }
        long served = System.nanoTime();

        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        long allocated = ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
        System.out.printf("status=%d initMs=%.1f invokeMs=%.1f classes=%d allocatedBytes=%d%s%n", status,
                (constructed - start) / 1e6, (served - constructed) / 1e6, classes, allocated, detail);
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
