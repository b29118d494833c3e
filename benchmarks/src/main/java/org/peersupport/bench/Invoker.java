package org.peersupport.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs in a fresh JVM whose class path is one function.jar plus this class (and {@link MiniJson}),
 * as Lambda's runtime would: loads the handler class, builds it with its no-argument constructor
 * (configuration from the process environment), reads one event from events/ and serves it.
 * Prints one line: {@code status=200 initMs=... invokeMs=... classes=... allocatedBytes=...}.
 * Uses no library of its own, so every function is measured with the same overhead.
 */
public final class Invoker {
    private Invoker() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String handlerClass = args[0].split("::")[0];
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(
                Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));

        Constructor<?> constructor = Class.forName(handlerClass).getConstructor();
        RequestHandler handler = (RequestHandler) constructor.newInstance();
        long constructed = System.nanoTime();
        Object result = handler.handleRequest(httpEvent(json), new BenchContext());
        long served = System.nanoTime();

        int status = result instanceof APIGatewayV2HTTPResponse r ? r.getStatusCode() : 200;
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        long allocated = ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
        System.out.printf("status=%d initMs=%.1f invokeMs=%.1f classes=%d allocatedBytes=%d%n", status,
                (constructed - start) / 1e6, (served - constructed) / 1e6, classes, allocated);
    }

    @SuppressWarnings("unchecked")
    static APIGatewayV2HTTPEvent httpEvent(Map<String, Object> json) {
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
        @Override public String getAwsRequestId() { return "bench-request"; }
        @Override public String getLogGroupName() { return "bench"; }
        @Override public String getLogStreamName() { return "bench"; }
        @Override public String getFunctionName() { return "bench"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:bench"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 10_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.print(message); }
                @Override public void log(byte[] message) { System.out.write(message, 0, message.length); }
            };
        }
    }
}
