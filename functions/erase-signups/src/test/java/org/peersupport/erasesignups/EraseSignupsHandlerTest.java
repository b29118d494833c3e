package org.peersupport.erasesignups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.testkit.api.ApiCalls;

class EraseSignupsHandlerTest {
    static final SignupEraser UNTOUCHABLE = new SignupEraser() {
        @Override
        public List<SignupKey> find(String emailKey) {
            throw new AssertionError("sign-ups were read");
        }

        @Override
        public boolean erase(SignupKey key) {
            throw new AssertionError("a sign-up was erased");
        }

        @Override
        public int eraseCounters(String emailKey) {
            throw new AssertionError("counters were erased");
        }
    };
    final EraseSignupsHandler handler = new EraseSignupsHandler(new PersonalKeys(message -> {
        throw new AssertionError("the email was hashed");
    }), UNTOUCHABLE, item -> {
        throw new AssertionError("audit was written");
    }, Clock.systemUTC());

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
