package org.peersupport.queuenotices;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/** SES down: every {@code SendEmail} gets a 503 before it leaves, until {@link #end()}. */
final class SesOutage implements ExecutionInterceptor {
    final AtomicInteger refused = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean(true);

    void end() {
        down.set(false);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof SendEmailRequest && down.get()) {
            refused.incrementAndGet();
            throw (SesV2Exception) SesV2Exception.builder().statusCode(503)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceUnavailable").errorMessage("injected")
                            .serviceName("SESv2").sdkHttpResponse(SdkHttpResponse.builder().statusCode(503).build()).build())
                    .build();
        }
    }
}
