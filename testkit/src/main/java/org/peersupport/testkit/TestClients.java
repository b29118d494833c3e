package org.peersupport.testkit;

import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Clients built as a function builds its own (shared/AwsClients: HTTP client, region, timeouts)
 * with SDK interceptors added: how fuzz and fault tests count writes ({@link DynamoWrites}) and
 * inject faults ({@link DynamoFaults}) into the real handlers.
 */
public final class TestClients {
    private TestClients() {
    }

    public static DynamoDbClient dynamoDb(Env env, ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder().httpClient(AwsClients.http()).region(AwsClients.region(env))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .overrideConfiguration(config(interceptors)).build();
    }

    public static KmsClient kms(Env env, ExecutionInterceptor... interceptors) {
        return KmsClient.builder().httpClient(AwsClients.http()).region(AwsClients.region(env))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .overrideConfiguration(config(interceptors)).build();
    }

    public static CognitoIdentityProviderClient cognito(Env env, ExecutionInterceptor... interceptors) {
        return CognitoIdentityProviderClient.builder().httpClient(AwsClients.http()).region(AwsClients.region(env))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .overrideConfiguration(config(interceptors)).build();
    }

    private static ClientOverrideConfiguration config(ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder config = AwsClients.timeouts().toBuilder();
        for (ExecutionInterceptor interceptor : interceptors) {
            config.addExecutionInterceptor(interceptor);
        }
        return config.build();
    }
}
