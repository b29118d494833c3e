package org.peersupport.sendconfirmation;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * Faults SES would give, injected into the SES client before a {@code SendEmail} request leaves
 * (so a failed attempt never reaches moto): throttling (429), service unavailable (503) and
 * message rejected (400). Each attempt, the SDK's retries included, counts as a call.
 */
final class SesFaults implements ExecutionInterceptor {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger throttle = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger reject = new AtomicInteger();
    private final AtomicBoolean outage = new AtomicBoolean();

    /** The next {@code n} calls are throttled. */
    SesFaults throttle(int n) {
        throttle.set(n);
        return this;
    }

    /** The next {@code n} calls get 503. */
    SesFaults unavailable(int n) {
        unavailable.set(n);
        return this;
    }

    /** The next {@code n} calls are rejected for good. */
    SesFaults reject(int n) {
        reject.set(n);
        return this;
    }

    /** Until {@link #endOutage()}: throttled first (the first {@code throttled} calls), then 503. */
    SesFaults outage(int throttled) {
        throttle.set(throttled);
        outage.set(true);
        return this;
    }

    SesFaults endOutage() {
        outage.set(false);
        throttle.set(0);
        unavailable.set(0);
        return this;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof SendEmailRequest)) {
            return;
        }
        calls.incrementAndGet();
        if (reject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            failed.incrementAndGet();
            throw MessageRejectedException.builder()
                    .statusCode(400).awsErrorDetails(details("MessageRejected", 400)).build();
        }
        if (throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            failed.incrementAndGet();
            throw TooManyRequestsException.builder()
                    .statusCode(429).awsErrorDetails(details("TooManyRequestsException", 429)).build();
        }
        if (outage.get() || unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            failed.incrementAndGet();
            throw (SesV2Exception) SesV2Exception.builder()
                    .statusCode(503).awsErrorDetails(details("ServiceUnavailable", 503)).build();
        }
    }

    private static AwsErrorDetails details(String code, int status) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage("injected").serviceName("SESv2")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build();
    }
}
