package org.peersupport.testkit;

import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Faults DynamoDB gives, injected into a client as an SDK interceptor: for a chosen operation
 * (by request class), the next {@code n} attempts — the SDK's own retries included — fail the way
 * DynamoDB fails. {@link Kind#LOST_RESPONSE} lets the request through to the endpoint and then
 * loses the answer, as a timeout after DynamoDB has applied a write does.
 */
public final class DynamoFaults implements ExecutionInterceptor {
    /** How an attempt fails. */
    public enum Kind {
        /** 400 ProvisionedThroughputExceededException (a table's capacity). */
        THROUGHPUT_EXCEEDED,
        /** 400 ThrottlingException (control plane and on-demand account limits). */
        THROTTLING,
        /** 500 InternalServerError. */
        INTERNAL_ERROR,
        /** 503 ServiceUnavailable. */
        UNAVAILABLE,
        /** No answer before the socket's timeout; the request never arrived. */
        TIMEOUT,
        /** The request arrived and was applied; the answer was lost on the way back. */
        LOST_RESPONSE
    }

    private record Plan(Kind kind, AtomicInteger skip, AtomicInteger remaining) {
    }

    private final Map<Class<? extends SdkRequest>, Plan> plans = new ConcurrentHashMap<>();
    private final AtomicInteger injected = new AtomicInteger();

    /** The next {@code attempts} attempts of this operation fail; {@code Integer.MAX_VALUE} for an outage. */
    public DynamoFaults fail(Class<? extends SdkRequest> operation, Kind kind, int attempts) {
        return failAfter(operation, 0, kind, attempts);
    }

    /** The same, once {@code skip} attempts of the operation have gone through (a fault in the middle of a run). */
    public DynamoFaults failAfter(Class<? extends SdkRequest> operation, int skip, Kind kind, int attempts) {
        plans.put(operation, new Plan(kind, new AtomicInteger(skip), new AtomicInteger(attempts)));
        return this;
    }

    /** Every operation's next attempts work again. */
    public DynamoFaults heal() {
        plans.clear();
        return this;
    }

    /** Attempts failed so far. */
    public int injected() {
        return injected.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Plan plan = plans.get(context.request().getClass());
        if (plan != null && plan.kind() != Kind.LOST_RESPONSE && take(plan)) {
            throw fault(plan.kind());
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Plan plan = plans.get(context.request().getClass());
        if (plan != null && plan.kind() == Kind.LOST_RESPONSE && take(plan)) {
            throw SdkClientException.create("injected: response lost", new SocketTimeoutException("Read timed out"));
        }
    }

    private boolean take(Plan plan) {
        if (plan.skip().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return false;
        }
        if (plan.remaining().getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0) {
            injected.incrementAndGet();
            return true;
        }
        return false;
    }

    private static RuntimeException fault(Kind kind) {
        return switch (kind) {
            case THROUGHPUT_EXCEEDED -> ProvisionedThroughputExceededException.builder().statusCode(400)
                    .awsErrorDetails(details("ProvisionedThroughputExceededException", 400)).build();
            case THROTTLING -> DynamoDbException.builder().statusCode(400)
                    .awsErrorDetails(details("ThrottlingException", 400)).build();
            case INTERNAL_ERROR -> DynamoDbException.builder().statusCode(500)
                    .awsErrorDetails(details("InternalServerError", 500)).build();
            case UNAVAILABLE -> DynamoDbException.builder().statusCode(503)
                    .awsErrorDetails(details("ServiceUnavailable", 503)).build();
            case TIMEOUT -> SdkClientException.create("injected: read timed out", new SocketTimeoutException("Read timed out"));
            case LOST_RESPONSE -> throw new IllegalArgumentException("injected after transmission");
        };
    }

    private static AwsErrorDetails details(String code, int status) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage("injected").serviceName("DynamoDb")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build();
    }
}
