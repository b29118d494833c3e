package org.peersupport.queuenotices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.withdrawsignup.WithdrawSignupHandler;

/** A withdrawal from a full group: the first person waiting gets the place, and one email saying so. */
class PlaceOpenedIT {
    static final Instant NOW = Instant.now();

    private final Noticeboard board = new Noticeboard(NOW);

    @Test
    void withdrawalFromAFullGroup_givesTheFirstWaitingPersonThePlace_andOneEmail() {
        String group = "place-opened-full";
        board.clock.set(NOW);
        assertEquals(201, board.putGroup(group, ChangeNoticesIT.hybrid(Map.of("capacity", 1, "lastVerified", "2026-01-15"))));
        Noticeboard.Registrant leaving = board.register(group, "confirmed", NOW.minusSeconds(7200), "en");
        Noticeboard.Registrant first = board.register(group, "waitlisted", NOW.minusSeconds(3600), "en");
        Noticeboard.Registrant second = board.register(group, "waitlisted", NOW.minusSeconds(1800), "en");

        WithdrawSignupHandler withdraw = new WithdrawSignupHandler(board.deployment.env("WithdrawSignupFunction"),
                AwsClients.dynamoDb(board.deployment.env("WithdrawSignupFunction")), Clock.systemUTC());
        APIGatewayV2HTTPEvent post = EventLoader.loadApiGatewayHttpEvent("events/withdraw-signup-json.json");
        post.setBody(Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("token", leaving.withdrawToken());
            json.writeEndObject();
        }));
        post.setIsBase64Encoded(false);
        assertEquals(200, withdraw.handleRequest(post, null).getStatusCode());
        board.deliver();
        board.deliver();

        Noticeboard.assertOneMail(first, "Example Peer Support: a place has opened for you");
        String text = first.mail().get(0).text();
        assertTrue(text.contains("https://meet.example.org/monday-room"), "with the details: " + text);
        assertTrue(text.contains("call or text 988"));
        assertEquals("confirmed", board.reload(first).status());
        assertEquals("waitlisted", board.reload(second).status());
        assertTrue(second.mail().isEmpty());
        assertTrue(leaving.mail().isEmpty(), "withdrawing sends the person who left nothing");
    }
}
