package org.peersupport.shared.aws;

import java.time.Duration;
import org.peersupport.shared.Env;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * SDK clients as every function builds them, once per container: the JDK's URL connection as the
 * HTTP client, the region from {@code AWS_REGION}, credentials from the environment Lambda sets.
 * The endpoint is the SDK's own choice, so {@code AWS_ENDPOINT_URL} (or the {@code aws.endpointUrl}
 * system property) points the same code at moto or LocalStack.
 */
public final class AwsClients {
    /** One HTTP client for every SDK client in the container. */
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5))
            .build();

    private AwsClients() {
    }

    public static SdkHttpClient http() {
        return HTTP;
    }

    public static Region region(Env env) {
        return Region.of(env.required("AWS_REGION"));
    }

    /** Bounds each call so that a slow dependency fails inside the function's own timeout. */
    public static ClientOverrideConfiguration timeouts() {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(Duration.ofSeconds(3))
                .apiCallTimeout(Duration.ofSeconds(8))
                .build();
    }

    public static DynamoDbClient dynamoDb(Env env) {
        return build(DynamoDbClient.builder(), env, HTTP, timeouts());
    }

    /** Needs the kms module on the function's own classpath (shared declares it optional). */
    public static KmsClient kms(Env env) {
        return build(KmsClient.builder(), env, HTTP, timeouts());
    }

    /**
     * Any SDK client as the functions build theirs: over {@code http} (a function's is always
     * {@link #http()}; tests and benchmarks may record or replay), in {@code AWS_REGION}, with the
     * credentials Lambda sets and the given per-call settings (timeouts, retries, interceptors).
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, Env env, SdkHttpClient http, ClientOverrideConfiguration config) {
        return builder.httpClient(http)
                .region(region(env))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .overrideConfiguration(config)
                .build();
    }

    public static DynamoDbEnhancedClient enhanced(DynamoDbClient dynamoDb) {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();
    }
}
