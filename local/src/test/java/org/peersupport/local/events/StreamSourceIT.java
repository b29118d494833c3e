package org.peersupport.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.local.lambda.LambdaFunction;
import org.peersupport.testkit.Moto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Lambda's DynamoDB stream mapping, emulated over moto's DynamoDB Streams API. */
class StreamSourceIT {
    static DynamoDbClient dynamoDb;
    static DynamoDbStreamsClient streams;
    static SqsClient sqs;
    static final List<AutoCloseable> OPEN = new ArrayList<>();

    @BeforeAll
    static void clients() {
        URI endpoint = Moto.endpoint();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void close() throws Exception {
        for (AutoCloseable closeable : OPEN) {
            closeable.close();
        }
    }

    /** A table with a keys-only stream, like the sign-ups table. */
    static String table() {
        String name = "stream-" + UUID.randomUUID();
        return dynamoDb.createTable(r -> r.tableName(name)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .billingMode("PAY_PER_REQUEST")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)))
                .tableDescription().latestStreamArn();
    }

    static void put(String streamArn, String pk) {
        String table = streamArn.replaceAll(".*:table/([^/]+)/.*", "$1");
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk), "secret", AttributeValue.fromS("x"))));
    }

    static StreamSource source(String handler, String streamArn, StreamSource.Settings settings) {
        LambdaFunction function = Recordings.function(handler, Duration.ofSeconds(5));
        StreamSource source = new StreamSource(function, "Stream", streamArn, "us-east-1", streams, sqs, settings);
        OPEN.add(source);
        OPEN.add(function);
        source.start();
        return source;
    }

    static StreamSource.Settings settings(int batchSize, int maxRetries, boolean itemFailures, String onFailure) {
        return new StreamSource.Settings(batchSize, Duration.ZERO, false, maxRetries, false, itemFailures, onFailure,
                Duration.ofMillis(100), Duration.ofMillis(50));
    }

    @Test
    void aNewItem_reachesTheFunction_asLambdaSendsStreamRecords() throws Exception {
        String stream = table();
        put(stream, "signup-1");
        source("org.peersupport.local.echo.RecordingHandler", stream, settings(10, -1, false, null));
        List<String> events = Recordings.await("RecordingHandler", 1, Duration.ofSeconds(10));
        assertEquals(1, events.size());
        JsonNode record = new ObjectMapper().readTree(events.get(0)).path("Records").get(0);
        assertEquals("INSERT", record.path("eventName").asText());
        assertEquals("aws:dynamodb", record.path("eventSource").asText());
        assertEquals(stream, record.path("eventSourceARN").asText());
        assertEquals("signup-1", record.path("dynamodb").path("Keys").path("pk").path("S").asText());
        assertEquals("KEYS_ONLY", record.path("dynamodb").path("StreamViewType").asText());
        assertTrue(record.path("dynamodb").path("NewImage").isMissingNode(), "a keys-only stream carries no item data");
    }

    @Test
    void aBatchThatKeepsFailing_isRetried_thenDescribedToTheOnFailureQueue() throws Exception {
        String queue = "failures-" + UUID.randomUUID();
        String queueUrl = sqs.createQueue(r -> r.queueName(queue)).queueUrl();
        String stream = table();
        put(stream, "poison-1");
        source("org.peersupport.local.echo.RecordingHandler$Failing", stream,
                settings(10, 2, false, "arn:aws:sqs:us-east-1:123456789012:" + queue));
        List<String> attempts = Recordings.await("Failing", 3, Duration.ofSeconds(10));
        assertEquals(3, attempts.size(), "the first attempt and two retries");
        var received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(5)).messages();
        assertEquals(1, received.size());
        JsonNode failure = new ObjectMapper().readTree(received.get(0).body());
        assertEquals("RetryAttemptsExhausted", failure.path("requestContext").path("condition").asText());
        assertEquals(1, failure.path("DDBStreamBatchInfo").path("batchSize").asInt());
        assertEquals(stream, failure.path("DDBStreamBatchInfo").path("streamArn").asText());
        Thread.sleep(300);
        assertEquals(3, Recordings.events("Failing").size(), "given up on: not tried again");
    }

    @Test
    void reportedItemFailures_areRetriedFromTheFirstFailedRecord() throws Exception {
        String stream = table();
        put(stream, "ok-1");
        put(stream, "bad-2");
        put(stream, "ok-3");
        source("org.peersupport.local.echo.RecordingHandler$Partial", stream, settings(10, -1, true, null));
        List<String> events = Recordings.await("Partial", 2, Duration.ofSeconds(10));
        assertEquals(2, events.size());
        assertEquals(List.of("ok-1", "bad-2", "ok-3"), keys(events.get(0)));
        assertEquals(List.of("bad-2", "ok-3"), keys(events.get(1)), "checkpointed after ok-1");
        Thread.sleep(300);
        assertEquals(2, Recordings.events("Partial").size());
    }

    static List<String> keys(String event) throws Exception {
        List<String> keys = new ArrayList<>();
        new ObjectMapper().readTree(event).path("Records")
                .forEach(r -> keys.add(r.path("dynamodb").path("Keys").path("pk").path("S").asText()));
        return keys;
    }
}
