package org.peersupport.sendconfirmation;

import java.time.Duration;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.GetEmailIdentityResponse;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;
import software.amazon.awssdk.services.sesv2.model.VerificationStatus;

/**
 * Sends through SES v2 {@code SendEmail} with raw content, from the stack's sender to one address,
 * through the stack's configuration set (TLS required on delivery; the role may send only through it).
 *
 * <p>SES's answers sort into two kinds. Refusals of this one message ({@code MessageRejected}:
 * content or recipient refused; {@code BadRequest}: e.g. an address SES cannot parse) are
 * permanent: the sign-up becomes undeliverable. But SES also answers {@code MessageRejected} when
 * the sender is not verified, so after a rejection the sender's identity is checked, and if it
 * is not verified the sign-up stays pending instead. Everything else leaves it pending: throttling,
 * 5xx and timeouts are first retried by the SDK with backoff (a bounded number of attempts
 * within a bounded time); daily quota, a paused or suspended account, a sender identity that is
 * missing or unverified, or refused permissions are the account's problems, not the person's,
 * and the sweep sends once they are fixed. SES's error text is never kept or logged.
 */
public final class SesEmailSender implements EmailSender {
    /** Attempts per send, the first included. */
    static final int MAX_ATTEMPTS = 4;

    /** How long a check of the sender's identity is trusted. */
    static final Duration SENDER_CHECK_TTL = Duration.ofMinutes(1);

    private final SesV2Client ses;
    private final String fromAddress;
    private final String configurationSet;
    private volatile long senderCheckedAt;
    private volatile boolean senderVerified;

    public SesEmailSender(SesV2Client ses, String fromAddress, String configurationSet) {
        this.ses = ses;
        this.fromAddress = fromAddress;
        this.configurationSet = configurationSet;
    }

    /**
     * The SES client for a function: timeouts that fit in its own, and the retry strategy below,
     * over {@code http} (a function's is {@link AwsClients#http()}); tests add interceptors that
     * inject faults.
     */
    public static SesV2Client client(Env env, SdkHttpClient http, ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder config = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(Duration.ofSeconds(4))
                .apiCallTimeout(Duration.ofSeconds(12))
                .retryStrategy(retryStrategy());
        for (ExecutionInterceptor interceptor : interceptors) {
            config.addExecutionInterceptor(interceptor);
        }
        return AwsClients.build(SesV2Client.builder(), env, http, config.build());
    }

    /**
     * The SDK's standard strategy (it knows SES's throttling codes and which errors are
     * transient) with bounded attempts and jittered exponential backoff, longer for throttling.
     */
    static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(3)))
                .build();
    }

    /**
     * Whether SES may send from the sender now: the address, or its domain, is a verified
     * identity. Checked only after a rejection, at most once a minute.
     */
    private boolean senderVerified() throws Unavailable {
        long now = System.nanoTime();
        if (senderCheckedAt != 0 && now - senderCheckedAt < SENDER_CHECK_TTL.toNanos()) {
            return senderVerified;
        }
        try {
            senderVerified = verified(fromAddress) || verified(fromAddress.substring(fromAddress.indexOf('@') + 1));
        } catch (SdkException e) {
            throw new Unavailable("ses_sender_unknown", false, e);
        }
        senderCheckedAt = now;
        return senderVerified;
    }

    private boolean verified(String identity) {
        try {
            GetEmailIdentityResponse response = ses.getEmailIdentity(r -> r.emailIdentity(identity));
            return Boolean.TRUE.equals(response.verifiedForSendingStatus())
                    || response.verificationStatus() == VerificationStatus.SUCCESS;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public String send(String to, byte[] rawMessage) throws Rejected, Unavailable {
        try {
            return ses.sendEmail(r -> r
                    .fromEmailAddress(fromAddress)
                    .configurationSetName(configurationSet)
                    .destination(d -> d.toAddresses(to))
                    .content(c -> c.raw(raw -> raw.data(SdkBytes.fromByteArray(rawMessage)))))
                    .messageId();
        } catch (MessageRejectedException e) {
            // SES says the same when the sender is not (or no longer) verified: that is not the person's fault.
            if (!senderVerified()) {
                throw new Unavailable("ses_sender_not_verified", false, e);
            }
            throw new Rejected("message_rejected");
        } catch (BadRequestException e) {
            throw new Rejected("bad_request");
        } catch (TooManyRequestsException | LimitExceededException e) {
            throw new Unavailable("ses_throttled", false, e);
        } catch (AccountSuspendedException | SendingPausedException e) {
            throw new Unavailable("ses_sending_paused", false, e);
        } catch (MailFromDomainNotVerifiedException | NotFoundException e) {
            throw new Unavailable("ses_sender_not_ready", false, e);
        } catch (SesV2Exception e) {
            throw new Unavailable(e.statusCode() >= 500 ? "ses_5xx" : "ses_refused", false, e);
        } catch (SdkServiceException e) {
            throw new Unavailable(e.isThrottlingException() ? "ses_throttled" : "ses_error", false, e);
        } catch (SdkClientException e) {
            // A timeout or a broken connection: SES may have taken the message before it happened.
            throw new Unavailable("ses_unreachable", true, e);
        }
    }
}
