package org.peersupport.erasesignups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peersupport.shared.Env;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

class EraseSignupsHandlerTest {
    /** Fails the test at any call: these requests must be refused before DynamoDB or KMS is asked anything. */
    static final ExecutionInterceptor UNTOUCHABLE = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            throw new AssertionError("AWS was called: " + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    };
    static final Env ENV = new Env(Map.of("AWS_REGION", "us-east-1", "EMAIL_HASH_KEY", "alias/email-hash",
            "GROUPS_TABLE", "Groups", "SIGNUPS_TABLE", "Signups", "RATE_LIMITS_TABLE", "RateLimits", "AUDIT_TABLE", "Audit"));
    final EraseSignupsHandler handler = new EraseSignupsHandler(ENV, TestClients.dynamoDb(ENV, UNTOUCHABLE),
            TestClients.kms(ENV, UNTOUCHABLE), Clock.systemUTC());

    @Test
    void erase_withoutAStaffMember_is403_andReadsNothing() {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, 
                EventLoader.loadApiGatewayHttpEvent("events/erase-signups-unsigned.json"), null);
        assertEquals(403, response.getStatusCode());
        assertFalse(response.getBody().contains("someone@example.org"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-an-email", "a@", "@b", "two@example.org three@example.org", "line\nbreak@example.org"})
    void erase_withoutAPlausibleAddress_is400_andNotEchoed(String email) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/erase-signups.json");
        event.setQueryStringParameters(new HashMap<>(Map.of("email", email)));
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event, null);
        assertEquals(400, response.getStatusCode());
        if (!email.isEmpty()) {
            assertFalse(response.getBody().contains(email));
        }
    }

    @Test
    void erase_withAnUnknownParameter_is400() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/erase-signups.json");
        event.setQueryStringParameters(new HashMap<>(Map.of("email", "a@example.org", "groupId", "x")));
        assertEquals(400, ApiCalls.handle(handler, event, null).getStatusCode());
    }
}
