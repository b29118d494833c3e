package org.peersupport.testkit;

import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
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
        return AwsClients.build(DynamoDbClient.builder(), env, AwsClients.http(), config(interceptors));
    }

    public static KmsClient kms(Env env, ExecutionInterceptor... interceptors) {
        return AwsClients.build(KmsClient.builder(), env, AwsClients.http(), config(interceptors));
    }

    public static CognitoIdentityProviderClient cognito(Env env, ExecutionInterceptor... interceptors) {
        return AwsClients.build(CognitoIdentityProviderClient.builder(), env, AwsClients.http(), config(interceptors));
    }

    private static ClientOverrideConfiguration config(ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder config = AwsClients.timeouts().toBuilder();
        for (ExecutionInterceptor interceptor : interceptors) {
            config.addExecutionInterceptor(interceptor);
        }
        return config.build();
    }
}
