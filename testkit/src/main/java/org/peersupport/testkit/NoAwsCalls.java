package org.peersupport.testkit;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Fails the test on any AWS call, before anything is sent: added to the clients of a handler in a
 * unit test (no endpoint behind them), it is how the test says "this request reads nothing".
 */
public final class NoAwsCalls implements ExecutionInterceptor {
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        throw new AssertionError("an AWS call was made: " + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
                + "." + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
