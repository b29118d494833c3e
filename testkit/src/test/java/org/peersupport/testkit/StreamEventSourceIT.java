package org.peersupport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.json.Json;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The local event source mapping against moto's DynamoDB Streams, with the settings template.yaml
 * gives SendConfirmationFunction (filter, batch size 10, bisect, 3 retries, SQS on failure) and a
 * scripted handler in place of the function.
 */
class StreamEventSourceIT {
    LocalDeployment deployment;
    String table;
    /** The sort keys of every batch the handler was given, in order. */
    final List<List<String>> batches = new ArrayList<>();

    @BeforeEach
    void deploy() {
        deployment = LocalDeployment.create();
        table = deployment.physicalId("SignupsTable");
    }

    /** A handler that records each batch and answers what {@code answer} says (or throws). */
    RequestStreamHandler handler(Function<List<String>, String> answer) {
        return (in, out, context) -> {
            List<String> keys = new ArrayList<>();
            for (Object record : StackTemplate.list(Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .get("Records"))) {
                Map<String, Object> dynamodb = StackTemplate.map(StackTemplate.map(record).get("dynamodb"));
                keys.add((String) StackTemplate.map(StackTemplate.map(dynamodb.get("Keys")).get("sk")).get("S"));
            }
            batches.add(keys);
            out.write(answer.apply(keys).getBytes(StandardCharsets.UTF_8));
        };
    }

    void put(String sk) {
        deployment.dynamoDb().putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("GROUP#g"),
                "sk", AttributeValue.fromS(sk))));
    }

    Map<String, String> sequences() {
        Map<String, String> bySk = new java.util.HashMap<>();
        StreamEventSource reader = StreamEventSource.fromTemplate(deployment, "SendConfirmationFunction", null,
                (in, out, context) -> {
                    for (Object record : StackTemplate.list(Json.parseObject(new String(in.readAllBytes(),
                            StandardCharsets.UTF_8)).get("Records"))) {
                        Map<String, Object> dynamodb = StackTemplate.map(StackTemplate.map(record).get("dynamodb"));
                        bySk.put((String) StackTemplate.map(StackTemplate.map(dynamodb.get("Keys")).get("sk")).get("S"),
                                (String) dynamodb.get("SequenceNumber"));
                    }
                });
        reader.drain();
        return bySk;
    }

    List<Map<String, Object>> onFailureMessages(StreamEventSource source) {
        List<Map<String, Object>> messages = new ArrayList<>();
        deployment.sqs().receiveMessage(r -> r.queueUrl(source.settings().onFailureQueueUrl()).maxNumberOfMessages(10))
                .messages().forEach(m -> messages.add(Json.parseObject(m.body())));
        return messages;
    }

    @Test
    void settings_comeFromTheTemplate() {
        StreamEventSource source = StreamEventSource.fromTemplate(deployment, "SendConfirmationFunction", null, handler(k -> ""));
        StreamEventSource.Settings s = source.settings();
        assertEquals("TRIM_HORIZON", s.startingPosition());
        assertEquals(10, s.batchSize());
        assertTrue(s.reportBatchItemFailures());
        assertTrue(s.bisectOnError());
        assertEquals(3, s.maximumRetryAttempts());
        assertEquals(Duration.ofHours(1), s.maximumRecordAge());
        assertTrue(s.onFailureQueueUrl().contains(deployment.prefix() + "SendConfirmationFailedBatches"));
    }

    @Test
    void filter_passesOnlyInsertsOfMessages_inBatchesOfTheTemplatesSize() {
        put("COUNT");
        put("SIGNUP#00"); // a sign-up: its messages are what the mailer sends
        for (int i = 0; i < 12; i++) {
            put(String.format("MSG#%02d", i));
        }
        put("MSG#00"); // a MODIFY
        StreamEventSource source = StreamEventSource.fromTemplate(deployment, "SendConfirmationFunction", null,
                handler(k -> "{\"batchItemFailures\": []}"));
        source.drain();
        assertEquals(2, batches.size());
        assertEquals(10, batches.get(0).size());
        assertEquals(List.of("MSG#10", "MSG#11"), batches.get(1));
        assertEquals(3, source.stats().recordsFiltered());
        source.drain();
        assertEquals(2, batches.size(), "a checkpointed batch is not delivered again");
    }

    /**
     * A transaction that moto gives up half-way: the new sign-up is written, then the update of an
     * attribute of the wrong type fails, and moto puts back a copy of the whole table taken before,
     * stream included. (scripts/moto-server cancels a transaction whose condition fails before it
     * writes, as DynamoDB does; one that fails while writing still takes this path.)
     */
    void transactionGivenUpHalfWay() {
        deployment.dynamoDb().putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("GROUP#g"),
                "sk", AttributeValue.fromS("COUNT"), "n", AttributeValue.fromS("text"))));
        assertThrows(DynamoDbException.class, () -> deployment.dynamoDb().transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("GROUP#g"),
                        "sk", AttributeValue.fromS("MSG#cancelled")))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table)
                        .key(Map.of("pk", AttributeValue.fromS("GROUP#g"), "sk", AttributeValue.fromS("COUNT")))
                        .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))))
                        .build())));
    }

    /**
     * moto replaces a table's stream when it puts a copy of the table back: a reader that kept its
     * iterator went on reading the replaced stream, saw the write that was undone, and no later record.
     */
    @Test
    void afterATransactionGivenUp_laterRecordsAreStillDelivered_andTheUndoneWriteNever() {
        StreamEventSource source = StreamEventSource.fromTemplate(deployment, "SendConfirmationFunction", null,
                handler(k -> "{\"batchItemFailures\": []}"));
        put("MSG#first");
        source.drain();
        transactionGivenUpHalfWay();
        source.drain();
        put("MSG#second");
        put("MSG#third");
        source.drain();
        assertEquals(List.of(List.of("MSG#first"), List.of("MSG#second", "MSG#third")), batches);
    }

    /** The same with the mapping polling in the background, as the local server runs it. */
    @Test
    void afterATransactionGivenUp_aPollingMapping_deliversTheNextRecordWithinASecond() throws Exception {
        java.util.concurrent.BlockingQueue<String> delivered = new java.util.concurrent.LinkedBlockingQueue<>();
        StreamEventSource source = StreamEventSource.fromTemplate(deployment, "SendConfirmationFunction", null,
                handler(keys -> {
                    delivered.addAll(keys);
                    return "{\"batchItemFailures\": []}";
                }));
        source.start(Duration.ofMillis(100));
        try {
            put("MSG#first");
            assertEquals("MSG#first", delivered.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            transactionGivenUpHalfWay();
            put("MSG#second");
            assertEquals("MSG#second", delivered.poll(1, java.util.concurrent.TimeUnit.SECONDS));
            assertNull(delivered.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS), "nothing else, the undone write least of all");
        } finally {
            source.close();
        }
    }

    @Test
    void partialBatchResponse_retriesFromTheFailedRecord_thenDescribesItOnTheQueue() {
        put("MSG#a");
        put("MSG#b");
        put("MSG#c");
        Map<String, String> sequence = sequences();
        StreamEventSource source = StreamEventSource.fromTemplate(deployment, "SendConfirmationFunction", null,
                handler(keys -> keys.contains("MSG#b")
                        ? "{\"batchItemFailures\": [{\"itemIdentifier\": \"" + sequence.get("MSG#b") + "\"}]}"
                        : "{\"batchItemFailures\": []}"));
        source.drain();
        assertEquals(List.of(List.of("MSG#a", "MSG#b", "MSG#c"), List.of("MSG#b", "MSG#c"),
                List.of("MSG#b", "MSG#c"), List.of("MSG#b", "MSG#c")), batches);
        List<Map<String, Object>> messages = onFailureMessages(source);
        assertEquals(1, messages.size());
        Map<String, Object> info = StackTemplate.map(messages.get(0).get("DDBStreamBatchInfo"));
        assertEquals(sequence.get("MSG#b"), info.get("startSequenceNumber"));
        assertEquals(sequence.get("MSG#c"), info.get("endSequenceNumber"));
        assertEquals(2L, info.get("batchSize"));
        Map<String, Object> context = StackTemplate.map(messages.get(0).get("requestContext"));
        assertEquals("RetryAttemptsExhausted", context.get("condition"));
        assertEquals(4L, context.get("approximateInvokeCount"));
        assertNull(StackTemplate.map(messages.get(0).get("responseContext")).get("functionError"));
    }

    @Test
    void functionError_bisectsTheBatch_untilTheBadRecordIsAlone() {
        for (String key : List.of("MSG#a", "MSG#b", "MSG#c", "MSG#d")) {
            put(key);
        }
        StreamEventSource source = StreamEventSource.fromTemplate(deployment, "SendConfirmationFunction", null,
                handler(keys -> {
                    if (keys.contains("MSG#c")) {
                        throw new IllegalStateException("cannot handle c");
                    }
                    return "";
                }));
        source.drain();
        assertEquals(List.of(List.of("MSG#a", "MSG#b", "MSG#c", "MSG#d"), List.of("MSG#a", "MSG#b"),
                List.of("MSG#c", "MSG#d"), List.of("MSG#c"), List.of("MSG#c"), List.of("MSG#c"),
                List.of("MSG#c"), List.of("MSG#d")), batches);
        List<Map<String, Object>> messages = onFailureMessages(source);
        assertEquals(1, messages.size());
        assertEquals(1L, StackTemplate.map(messages.get(0).get("DDBStreamBatchInfo")).get("batchSize"));
        assertEquals("Unhandled", StackTemplate.map(messages.get(0).get("responseContext")).get("functionError"));
    }

    @Test
    void recordsOlderThanTheMaximumAge_goToTheQueueUninvoked() {
        put("MSG#old");
        StreamEventSource template = StreamEventSource.fromTemplate(deployment, "SendConfirmationFunction", null, handler(k -> ""));
        StreamEventSource.Settings s = template.settings();
        StreamEventSource source = new StreamEventSource(new StreamEventSource.Settings(s.streamArn(), s.startingPosition(),
                s.batchSize(), s.filter(), true, true, 3, Duration.ofSeconds(-1), s.onFailureQueueUrl()),
                handler(k -> ""), () -> null, "arn:aws:lambda:us-east-1:123456789012:function:f", deployment);
        source.drain();
        assertEquals(List.of(), batches);
        List<Map<String, Object>> messages = onFailureMessages(source);
        assertEquals("RecordAgeExceeded", StackTemplate.map(messages.get(0).get("requestContext")).get("condition"));
    }

    @Test
    void eventFilter_supportsTheOperatorsItNames() {
        EventFilter filter = EventFilter.of(List.of(
                "{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"Keys\": {\"sk\": {\"S\": [{\"prefix\": \"SIGNUP#\"}]}}}}",
                "{\"eventName\": [{\"anything-but\": [\"INSERT\", \"MODIFY\"]}], \"x\": [{\"exists\": false}]}"));
        assertTrue(filter.matches(Json.parseObject("{\"eventName\": \"INSERT\", \"dynamodb\": {\"Keys\": {\"sk\": {\"S\": \"SIGNUP#1\"}}}}")));
        assertTrue(!filter.matches(Json.parseObject("{\"eventName\": \"INSERT\", \"dynamodb\": {\"Keys\": {\"sk\": {\"S\": \"COUNT\"}}}}")));
        assertTrue(!filter.matches(Json.parseObject("{\"eventName\": \"MODIFY\", \"dynamodb\": {\"Keys\": {\"sk\": {\"S\": \"SIGNUP#1\"}}}}")));
        assertTrue(filter.matches(Json.parseObject("{\"eventName\": \"REMOVE\"}")));
        assertTrue(!filter.matches(Json.parseObject("{\"eventName\": \"REMOVE\", \"x\": 1}")));
        assertTrue(Set.of(true).contains(EventFilter.none().matches(Map.of())));
    }
}
