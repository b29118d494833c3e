package org.peersupport.testkit;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts DynamoDB writes that succeeded (PutItem, UpdateItem, DeleteItem, BatchWriteItem,
 * TransactWriteItems), as an SDK interceptor on the handler's own client: what the fuzz and
 * fault tests use to say "nothing was written". A conditional write that DynamoDB refused changed
 * nothing and is not counted; {@link #attempts()} counts those too.
 */
public final class DynamoWrites implements ExecutionInterceptor {
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger attempted = new AtomicInteger();

    public static boolean isWrite(SdkRequest request) {
        return request instanceof PutItemRequest || request instanceof UpdateItemRequest
                || request instanceof DeleteItemRequest || request instanceof BatchWriteItemRequest
                || request instanceof TransactWriteItemsRequest;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (isWrite(context.request())) {
            attempted.incrementAndGet();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (isWrite(context.request())) {
            succeeded.incrementAndGet();
        }
    }

    /** Writes that took effect. */
    public int count() {
        return succeeded.get();
    }

    /** Writes sent, whether or not they took effect. */
    public int attempts() {
        return attempted.get();
    }
}
