package org.peersupport.bench.warm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.peersupport.createsignup.CreateSignupHandler;
import org.peersupport.erasesignups.EraseSignupsHandler;
import org.peersupport.exportsignups.DynamoGroupFacilitators;
import org.peersupport.exportsignups.DynamoGroupNames;
import org.peersupport.exportsignups.DynamoSignupPages;
import org.peersupport.exportsignups.ExportSignupsHandler;
import org.peersupport.listaudit.ListAuditHandler;
import org.peersupport.listgroups.CachedListingSource;
import org.peersupport.listgroups.DynamoListingSource;
import org.peersupport.listgroups.HsdsFeed;
import org.peersupport.listgroups.ListGroupsHandler;
import org.peersupport.managegroups.DynamoGroupAdmin;
import org.peersupport.managegroups.ManageGroupsHandler;
import org.peersupport.sendconfirmation.SendConfirmationHandler;
import org.peersupport.sendconfirmation.SesEmailSender;
import org.peersupport.shared.Env;
import org.peersupport.shared.audit.AuditTrail;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.withdrawsignup.WithdrawSignupHandler;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Each handler built as its {@code Env} constructor builds it, with one difference: the SDK
 * clients go over the given HTTP client (recording from moto, or canned) instead of the JDK's URL
 * connection. Client settings (region, credentials, timeouts, retries) are those of AwsClients.
 */
public final class Wiring {
    /** As ExportSignupsHandler.MAX_PAGE_WIRE_BYTES. */
    static final long EXPORT_PAGE_BYTES = 5L * 1024 * 1024;

    private Wiring() {
    }

    static DynamoDbClient dynamoDb(Env env, SdkHttpClient http) {
        return DynamoDbClient.builder()
                .httpClient(http)
                .region(AwsClients.region(env))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .overrideConfiguration(AwsClients.timeouts())
                .build();
    }

    static KmsClient kms(Env env, SdkHttpClient http) {
        return KmsClient.builder()
                .httpClient(http)
                .region(AwsClients.region(env))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .overrideConfiguration(AwsClients.timeouts())
                .build();
    }

    /**
     * The handler of {@code function} (a template logical id). {@code listingTtl} is list-groups'
     * cache time: long for "cache hot", zero for a scan on every request.
     */
    public static Object handler(String function, Env env, SdkHttpClient http, Duration listingTtl) {
        return handler(function, env, http, listingTtl, false);
    }

    /**
     * As above; {@code renderEveryRequest} gives list-groups' handler a clock that moves 31 seconds
     * a request, past the life of a rendered listing, so every request renders it again (what every
     * request cost before rendered listings were kept), while the listing itself stays cached.
     */
    public static Object handler(String function, Env env, SdkHttpClient http, Duration listingTtl,
                                 boolean renderEveryRequest) {
        DynamoDbClient dynamoDb = dynamoDb(env, http);
        DynamoDbEnhancedClient enhanced = AwsClients.enhanced(dynamoDb);
        Clock clock = Clock.systemUTC();
        switch (function) {
            case "ListGroupsFunction":
                return new ListGroupsHandler(new CachedListingSource(
                        new DynamoListingSource(enhanced, env.required("GROUPS_TABLE"), env.required("CLOSURES_TABLE")),
                        clock, listingTtl, Duration.ofHours(1)),
                        env.zone("ORG_TIME_ZONE"), env.required("ORG_NAME"), env.required("CALENDAR_UID_DOMAIN"),
                        HsdsFeed.from(env), renderEveryRequest ? new SteppingClock(Duration.ofSeconds(31)) : clock);
            case "CreateSignupFunction":
                return new CreateSignupHandler(env, dynamoDb, kms(env, http), clock);
            case "WithdrawSignupFunction":
                return new WithdrawSignupHandler(env, dynamoDb, clock);
            case "ConfirmSignupFunction":
                return new org.peersupport.confirmsignup.ConfirmSignupHandler(env, dynamoDb, clock);
            case "SendConfirmationFunction":
                return new SendConfirmationHandler(env,
                        AwsClients.build(DynamoDbClient.builder(), env, http, AwsClients.timeouts()),
                        SesEmailSender.client(env, http), clock);
            case "ExportSignupsFunction":
                return new ExportSignupsHandler(new DynamoSignupPages(enhanced, env.required("SIGNUPS_TABLE")),
                        new DynamoGroupNames(enhanced, env.required("GROUPS_TABLE")),
                        new DynamoGroupFacilitators(dynamoDb, env.required("MEETING_DETAILS_TABLE")),
                        AuditTrail.dynamo(enhanced, env.required("AUDIT_TABLE")),
                        env.zone("ORG_TIME_ZONE"), clock, EXPORT_PAGE_BYTES);
            case "ManageGroupsFunction":
                return new ManageGroupsHandler(DynamoGroupAdmin.of(env, dynamoDb), env.zone("ORG_TIME_ZONE"), clock);
            case "EraseSignupsFunction":
                return new EraseSignupsHandler(env,
                        AwsClients.build(DynamoDbClient.builder(), env, http, AwsClients.timeouts()),
                        AwsClients.build(KmsClient.builder(), env, http, AwsClients.timeouts()), clock);
            case "ListAuditFunction":
                return new ListAuditHandler(env,
                        AwsClients.build(DynamoDbClient.builder(), env, http, AwsClients.timeouts()), clock);
            default:
                throw new IllegalArgumentException("No wiring for " + function);
        }
    }

    /** Moves {@code step} further on every reading, starting now. */
    static final class SteppingClock extends Clock {
        private final Duration step;
        private Instant next = Instant.now();

        SteppingClock(Duration step) {
            this.step = step;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            Instant now = next;
            next = next.plus(step);
            return now;
        }
    }
}
