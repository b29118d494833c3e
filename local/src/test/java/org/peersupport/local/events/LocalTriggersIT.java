package org.peersupport.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.local.echo.EchoHandler;
import org.peersupport.local.gateway.HttpRequest;
import org.peersupport.local.gateway.HttpResponse;
import org.peersupport.local.lambda.Functions;
import org.peersupport.local.lambda.LambdaFunction;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.StackTemplate;

/**
 * {@code POST /_local/schedules/...} and {@code POST /_local/sns/...} over a template whose test
 * function has a schedule and subscribes to a topic: each plays the event the AWS service would
 * send, with the time or message given, and answers once the function has returned.
 */
class LocalTriggersIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static Map<String, LambdaFunction> functions;
    static List<EventSource> sources;
    static LocalTriggers triggers;

    @BeforeAll
    static void deploy() throws Exception {
        Recordings.events("Played");
        Path classes = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path file = Files.createTempFile("template", ".yaml");
        Files.writeString(file, String.join("\n",
                "Resources:",
                "  Feedback:",
                "    Type: AWS::SNS::Topic",
                "  Player:",
                "    Type: AWS::Serverless::Function",
                "    Properties:",
                "      CodeUri: " + classes.toAbsolutePath(),
                "      Handler: org.peersupport.local.echo.RecordingHandler$Played::handleRequest",
                "      Timeout: 5",
                "      Events:",
                "        Hourly:",
                "          Type: Schedule",
                "          Properties: {Schedule: rate(1 hour)}",
                "        Told:",
                "          Type: SNS",
                "          Properties: {Topic: !Ref Feedback}",
                ""), StandardCharsets.UTF_8);
        LocalDeployment deployment = LocalDeployment.create(StackTemplate.load(file),
                "t" + UUID.randomUUID().toString().substring(0, 8) + "-", Map.of());
        functions = Functions.from(deployment);
        sources = EventSources.from(new EventSources.Context(deployment, Clock.systemUTC()), functions);
        triggers = new LocalTriggers(deployment, () -> sources);
    }

    @AfterAll
    static void stop() {
        functions.values().forEach(LambdaFunction::close);
    }

    @Test
    void aPlayedSchedule_deliversTheScheduledEventWithThatTime_andAnswersWithTheResult() throws Exception {
        HttpResponse response = post("/_local/schedules/Player?time=2027-02-02T01:30:00Z", "");
        assertEquals(200, response.status(), new String(response.body(), StandardCharsets.UTF_8));
        JsonNode answer = JSON.readTree(response.body());
        assertEquals("2027-02-02T01:30:00Z", answer.path("time").asText());
        assertTrue(answer.path("result").path("seen").asLong() > 0, "answered once the function returned");
        JsonNode event = last();
        assertEquals("Scheduled Event", event.path("detail-type").asText());
        assertEquals("2027-02-02T01:30:00Z", event.path("time").asText());

        assertEquals(400, post("/_local/schedules/Player?time=yesterday", "").status());
        assertEquals(404, post("/_local/schedules/Nobody", "").status());
        assertEquals(405, request("GET", "/_local/schedules/Player", "").status());
    }

    @Test
    void aPlayedMessage_reachesTheTopicsSubscribers_asSnsDeliversIt() throws Exception {
        String message = "{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\"}}";
        HttpResponse response = post("/_local/sns/Feedback", message);
        assertEquals(200, response.status(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("Player", JSON.readTree(response.body()).path("deliveredTo").get(0).asText());
        JsonNode record = last().path("Records").get(0);
        assertEquals("aws:sns", record.path("EventSource").asText());
        assertEquals(message, record.path("Sns").path("Message").asText(), "the body, as the message string");
        assertTrue(record.path("Sns").path("TopicArn").asText().startsWith("arn:aws:sns:"), "the topic's ARN");
        assertEquals(404, post("/_local/sns/Nothing", message).status());
    }

    private static JsonNode last() throws Exception {
        List<String> events = Recordings.await("Played", 1, Duration.ofSeconds(5));
        return JSON.readTree(events.get(events.size() - 1));
    }

    private static HttpResponse post(String target, String body) throws Exception {
        return request("POST", target, body);
    }

    private static HttpResponse request(String method, String target, String body) throws Exception {
        HttpResponse response = triggers.handle(new HttpRequest(method, target, Map.of("Host", List.of("127.0.0.1")),
                body.getBytes(StandardCharsets.UTF_8), new InetSocketAddress("127.0.0.1", 50000), "HTTP/1.1", 3000));
        return response;
    }
}
