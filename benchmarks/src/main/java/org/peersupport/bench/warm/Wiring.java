package org.peersupport.bench.warm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.peersupport.createsignup.CreateSignupHandler;
import org.peersupport.erasesignups.EraseSignupsHandler;
import org.peersupport.exportsignups.ExportSignupsHandler;
import org.peersupport.listaudit.ListAuditHandler;
import org.peersupport.listgroups.ListGroupsHandler;
import org.peersupport.managegroups.ManageGroupsHandler;
import org.peersupport.sendconfirmation.SendConfirmationHandler;
import org.peersupport.sendconfirmation.SesEmailSender;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.testkit.MovableClock;
import org.peersupport.withdrawsignup.WithdrawSignupHandler;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Each handler built through its constructor of configuration, clients and clock, with the clients
 * as AwsClients builds them (region, credentials, timeouts, retries) but over the given HTTP client
 * (recording from moto, or canned) instead of the JDK's URL connection.
 */
public final class Wiring {
    private Wiring() {
    }

    /**
     * The handler of {@code function} (a template logical id), configured from {@code env}; for
     * list-groups, its {@code LISTING_CACHE_SECONDS} is the listing's cache time: long for "cache
     * hot", zero for a scan on every request.
     */
    public static Object handler(String function, Env env, SdkHttpClient http) {
        return handler(function, env, http, false);
    }

    /**
     * As above; {@code renderEveryRequest} gives list-groups' handler a clock that moves 31 seconds
     * a reading, past the life of a rendered listing, so every request renders it again (what every
     * request cost before rendered listings were kept). The listing's cache reads the same clock, so
     * with the longest cache time (an hour) the listing is read again about once in 58 requests.
     */
    public static Object handler(String function, Env env, SdkHttpClient http, boolean renderEveryRequest) {
        DynamoDbClient dynamoDb = AwsClients.build(DynamoDbClient.builder(), env, http, AwsClients.timeouts());
        Clock clock = Clock.systemUTC();
        switch (function) {
            case "ListGroupsFunction":
                return new ListGroupsHandler(env, dynamoDb,
                        renderEveryRequest ? MovableClock.stepping(Instant.now(), Duration.ofSeconds(31)) : clock);
            case "CreateSignupFunction":
                return new CreateSignupHandler(env, dynamoDb, kms(env, http), clock);
            case "WithdrawSignupFunction":
                return new WithdrawSignupHandler(env, dynamoDb, clock);
            case "ConfirmSignupFunction":
                return new org.peersupport.confirmsignup.ConfirmSignupHandler(env, dynamoDb, clock);
            case "SendConfirmationFunction":
                return new SendConfirmationHandler(env, dynamoDb, SesEmailSender.client(env, http), clock);
            case "ExportSignupsFunction":
                return new ExportSignupsHandler(env, dynamoDb, clock);
            case "ManageGroupsFunction":
                return new ManageGroupsHandler(env, dynamoDb, clock);
            case "EraseSignupsFunction":
                return new EraseSignupsHandler(env, dynamoDb, kms(env, http), clock);
            case "ListAuditFunction":
                return new ListAuditHandler(env, dynamoDb, clock);
            default:
                throw new IllegalArgumentException("No wiring for " + function);
        }
    }

    /** KMS as AwsClients builds it, over {@code http}. */
    static KmsClient kms(Env env, SdkHttpClient http) {
        return AwsClients.build(KmsClient.builder(), env, http, AwsClients.timeouts());
    }
}
