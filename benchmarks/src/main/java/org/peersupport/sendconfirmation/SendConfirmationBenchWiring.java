package org.peersupport.sendconfirmation;

import java.time.Clock;
import java.time.Duration;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Benchmarks only (in the function's package to reach its package-private parts): the mailer
 * wired as {@code SendConfirmationHandler(Env)} wires it, over a given HTTP client.
 */
public final class SendConfirmationBenchWiring {
    private SendConfirmationBenchWiring() {
    }

    public static SendConfirmationHandler handler(Env env, DynamoDbClient dynamoDb, SdkHttpClient http, Clock clock) {
        String orgName = env.required("ORG_NAME");
        String sender = env.required("SENDER_EMAIL");
        // As SesEmailSender.client, with the HTTP client swapped.
        SesV2Client ses = SesV2Client.builder()
                .httpClient(http)
                .region(AwsClients.region(env))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(Duration.ofSeconds(4))
                        .apiCallTimeout(Duration.ofSeconds(12))
                        .retryStrategy(SesEmailSender.retryStrategy())
                        .build())
                .build();
        MessageStore store = new DynamoMessageStore(dynamoDb, env.required("SIGNUPS_TABLE"));
        GroupDirectory directory = new DynamoGroupDirectory(AwsClients.enhanced(dynamoDb),
                env.required("GROUPS_TABLE"), env.required("MEETING_DETAILS_TABLE"), env.required("CLOSURES_TABLE"));
        String publicBaseUrl = env.baseUrl("PUBLIC_BASE_URL");
        ConfirmationMailer mailer = new ConfirmationMailer(store, directory,
                new SesEmailSender(ses, sender, env.required("SES_CONFIGURATION_SET")),
                new ConfirmationRenderer(orgName, publicBaseUrl), new ConfirmRequestRenderer(orgName, publicBaseUrl),
                orgName, sender, env.zone("ORG_TIME_ZONE"), clock);
        return new SendConfirmationHandler(mailer, store, clock,
                Duration.ofSeconds(env.integer("SWEEP_MIN_AGE_SECONDS", 0, 86_400)), env.integer("SWEEP_MAX_SENDS", 1, 10_000));
    }
}
