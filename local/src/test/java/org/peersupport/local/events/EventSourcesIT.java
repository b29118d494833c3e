package org.peersupport.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.peersupport.local.echo.EchoHandler;
import org.peersupport.local.lambda.Functions;
import org.peersupport.local.lambda.LambdaFunction;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.StackTemplate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The template's non-HTTP events become running event sources: a DynamoDB stream mapping that
 * invokes the function from its code (here a directory of test classes) with the stream's records,
 * and a schedule; an event type nothing emulates is left out.
 */
class EventSourcesIT {
    @Test
    void aStreamEvent_invokesTheFunctionFromItsCode_withTheTablesRecords() throws Exception {
        Recordings.events("Streamed"); // sets where the test functions record, before any runs
        Path classes = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path file = Files.createTempFile("template", ".yaml");
        Files.writeString(file, String.join("\n",
                "Resources:",
                "  Things:",
                "    Type: AWS::DynamoDB::Table",
                "    Properties:",
                "      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]",
                "      KeySchema: [{AttributeName: pk, KeyType: HASH}]",
                "      StreamSpecification: {StreamViewType: KEYS_ONLY}",
                "  Recorder:",
                "    Type: AWS::Serverless::Function",
                "    Properties:",
                "      CodeUri: " + classes.toAbsolutePath(),
                "      Handler: org.peersupport.local.echo.RecordingHandler$Streamed::handleRequest",
                "      Timeout: 5",
                "      Events:",
                "        Changes:",
                "          Type: DynamoDB",
                "          Properties:",
                "            Stream: !GetAtt Things.StreamArn",
                "            StartingPosition: TRIM_HORIZON",
                "            BatchSize: 10",
                "        Tick:",
                "          Type: ScheduleV2",
                "          Properties: {ScheduleExpression: rate(1 hour)}",
                "        Elsewhere:",
                "          Type: SQS",
                "          Properties: {Queue: arn:aws:sqs:us-east-1:123456789012:nothing}",
                ""), StandardCharsets.UTF_8);
        LocalDeployment deployment = LocalDeployment.create(StackTemplate.load(file),
                "e" + UUID.randomUUID().toString().substring(0, 8) + "-", Map.of());
        Map<String, LambdaFunction> functions = Functions.from(deployment);
        List<EventSource> sources = EventSources.from(new EventSources.Context(deployment, Clock.systemUTC()), functions);
        try {
            assertEquals(2, sources.size(), "the stream and the schedule; SQS is not emulated");
            assertTrue(sources.get(0).describe().startsWith("Recorder.Changes: stream of"), sources.get(0).describe());
            assertEquals("Recorder.Tick: rate(1 hour)", sources.get(1).describe());
            sources.forEach(EventSource::start);
            deployment.dynamoDb().putItem(r -> r.tableName(deployment.physicalId("Things"))
                    .item(Map.of("pk", AttributeValue.fromS("thing-1"))));
            List<String> events = Recordings.await("Streamed", 1, Duration.ofSeconds(15));
            assertEquals(1, events.size());
            JsonNode record = new ObjectMapper().readTree(events.get(0)).path("Records").get(0);
            assertEquals("INSERT", record.path("eventName").asText());
            assertEquals("thing-1", record.path("dynamodb").path("Keys").path("pk").path("S").asText());
            assertEquals(1, functions.get("Recorder").invocations());
        } finally {
            sources.forEach(EventSource::close);
            functions.values().forEach(LambdaFunction::close);
        }
    }
}
