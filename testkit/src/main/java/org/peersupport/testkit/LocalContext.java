package org.peersupport.testkit;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The Lambda {@link Context} for one local invocation: a fresh request id and a deadline, so a
 * handler that watches {@link #getRemainingTimeInMillis()} behaves as it would in Lambda.
 */
public final class LocalContext implements Context {
    private final String functionName;
    private final String functionArn;
    private final int memoryMb;
    private final long deadlineNanos;
    private final String requestId = UUID.randomUUID().toString();

    public LocalContext(String functionName, String functionArn, int memoryMb, Duration timeout) {
        this.functionName = functionName;
        this.functionArn = functionArn;
        this.memoryMb = memoryMb;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /** A context for a function of the deployment, with the template's timeout and memory (Globals included). */
    public static LocalContext forFunction(LocalDeployment deployment, String functionId) {
        return new LocalContext(deployment.prefix() + functionId, deployment.functionArn(functionId),
                deployment.functionSetting(functionId, "MemorySize", 128),
                Duration.ofSeconds(deployment.functionSetting(functionId, "Timeout", 3)));
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
