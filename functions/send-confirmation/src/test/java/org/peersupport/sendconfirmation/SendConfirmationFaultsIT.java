package org.peersupport.sendconfirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.testkit.MotoOutbox;
import org.peersupport.testkit.StreamEventSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What happens when things fail: SES faults injected into the real handler's SES client (an SDK
 * {@link software.amazon.awssdk.core.interceptor.ExecutionInterceptor}), a record that can never be
 * sent, an unverified sender, and the one window the claim protocol leaves.
 */
@Tag("faults")
class SendConfirmationFaultsIT {
    static Mailroom room;
    static final Clock LATER = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(4));

    @BeforeAll
    static void deploy() {
        room = new Mailroom();
    }

    @Test
    void briefThrottling_isRetriedByTheSdk_andSendsOnTheFirstInvocation() {
        SesFaults faults = new SesFaults();
        StreamEventSource stream = room.stream(room.handler(Clock.systemUTC(), faults));
        stream.drain(); // past other tests' records
        long invocations = stream.stats().invocations();
        int calls = faults.calls.get();
        faults.throttle(2);
        SignupItem item = room.signUp("connection-tue-downtown", "en");
        stream.drain();
        assertEquals(1, Mailroom.mailTo(item).size());
        assertEquals(3, faults.calls.get() - calls, "two throttled attempts, then the one that went through");
        assertEquals(1, stream.stats().invocations() - invocations, "no retry by the stream was needed");
        assertEquals(1, room.reload(item).emailAttempts());
    }

    @Test
    void permanentRejection_marksTheSignupUndeliverable_withoutRetrying() {
        SesFaults faults = new SesFaults().reject(1);
        SignupItem item = room.signUp("connection-tue-downtown", "en");
        SendConfirmationHandler handler = room.handler(Clock.systemUTC(), faults);
        StreamEventSource stream = room.stream(handler);
        stream.drain();
        room.sweep(room.handler(LATER, faults));
        assertEquals(0, Mailroom.mailTo(item).size());
        assertEquals(1, faults.calls.get(), "a rejection is final: no retry");
        assertEquals(0, stream.stats().onFailureMessages());
        MessageItem stored = room.reload(item);
        assertEquals("undeliverable", stored.emailStatus());
        assertEquals("message_rejected", stored.emailError());
        assertNull(stored.emailPending(), "off the sweep's index");
        assertNull(stored.withdrawTokenHash(), "no token was ever sent");
    }

    @Test
    void sesOutage_100SignupsDuringIt_become100EmailsAfterIt_noneTwice_noneLost() {
        SesFaults faults = new SesFaults().outage(8);
        SendConfirmationHandler streamHandler = room.handler(Clock.systemUTC(), faults);
        StreamEventSource stream = room.stream(streamHandler);
        List<SignupItem> items = new ArrayList<>();
        String[][] groups = {{"connection-tue-downtown", "en"}, {"conexion-sabado-hibrido", "es"},
            {"family-support-thu-online", "en"}, {"familia-a-familia-miercoles", "es"}};
        for (int i = 0; i < 100; i++) {
            String[] group = groups[i % groups.length];
            items.add(room.signUp(group[0], group[1]));
        }
        long streamStart = System.nanoTime();
        stream.drain();
        long streamMillis = (System.nanoTime() - streamStart) / 1_000_000;
        Map<String, Integer> duringOutage = Mailroom.countByRecipient(MotoOutbox.all());
        int sentDuringOutage = 0;
        for (SignupItem item : items) {
            sentDuringOutage += duringOutage.getOrDefault(item.email(), 0);
            assertEquals("pending", room.reload(item).emailStatus(), "still pending, not lost");
        }
        assertEquals(0, sentDuringOutage);
        assertTrue(stream.stats().onFailureMessages() > 0, "the stream gave up on batches: the alarm's queue has them");
        List<Message> described = room.deployment.sqs().receiveMessage(r -> r.queueUrl(stream.settings().onFailureQueueUrl())
                .maxNumberOfMessages(10)).messages();
        assertTrue(described.get(0).body().contains("\"DDBStreamBatchInfo\""));
        assertTrue(!described.get(0).body().contains("@"), "batch metadata only: no personal data");

        faults.endOutage();
        int callsBefore = faults.calls.get();
        long sweepStart = System.nanoTime();
        int runs = 0;
        Map<String, Object> summary;
        do {
            // Each scheduled run is its own invocation, after the sweep's minimum age.
            summary = room.sweep(room.handler(LATER, faults));
            runs++;
        } while (((Number) summary.get("sent")).intValue() > 0 && runs < 10);
        long sweepMillis = (System.nanoTime() - sweepStart) / 1_000_000;

        Map<String, Integer> received = Mailroom.countByRecipient(MotoOutbox.all());
        int emails = 0;
        int duplicates = 0;
        int lost = 0;
        for (SignupItem item : items) {
            int n = received.getOrDefault(item.email(), 0);
            emails += n;
            duplicates += Math.max(0, n - 1);
            lost += n == 0 ? 1 : 0;
            assertEquals("sent", room.reload(item).emailStatus());
        }
        System.out.printf("DELIVERY outage: signups=%d sentDuringOutage=%d streamInvocations=%d sesCallsDuringOutage=%d "
                        + "onFailureMessages=%d streamMillis=%d | after: sweepRuns=%d sesCalls=%d sweepMillis=%d "
                        + "emails=%d duplicates=%d lost=%d%n",
                items.size(), sentDuringOutage, stream.stats().invocations(), callsBefore,
                stream.stats().onFailureMessages(), streamMillis, runs, faults.calls.get() - callsBefore, sweepMillis,
                emails, duplicates, lost);
        assertEquals(100, emails);
        assertEquals(0, duplicates);
        assertEquals(0, lost);
    }

    @Test
    void poisonRecord_goesToTheOnFailureQueue_whileTheRestOfItsBatchIsDelivered() {
        List<SignupItem> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // The third belongs to a group that does not exist: it can never be rendered.
            batch.add(room.signUp(i == 2 ? "no-such-group" : "young-adults-thu-eastside", "en"));
        }
        StreamEventSource stream = room.stream(room.handler());
        stream.drain();

        SignupItem poison = batch.get(2);
        for (SignupItem item : batch) {
            assertEquals(item == poison ? 0 : 1, Mailroom.mailTo(item).size());
        }
        List<Message> messages = room.deployment.sqs().receiveMessage(r -> r.queueUrl(stream.settings().onFailureQueueUrl())
                .maxNumberOfMessages(10)).messages();
        assertEquals(1, messages.size());
        Map<String, Object> failure = Json.parseObject(messages.get(0).body());
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) failure.get("DDBStreamBatchInfo");
        assertEquals(sequenceOf(poison), info.get("startSequenceNumber"), "the batch Lambda gave up on starts at the poison");
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) failure.get("requestContext");
        assertEquals("RetryAttemptsExhausted", context.get("condition"));
        assertEquals(4L, context.get("approximateInvokeCount"), "the first invocation and MaximumRetryAttempts 3");

        MessageItem stored = room.reload(poison);
        assertEquals("pending", stored.emailStatus(), "never dropped: the sweep keeps trying");
        assertEquals(4, stored.emailAttempts());
        assertNull(stored.emailClaimedUntil(), "given back after each try from the stream");

        room.sweep(room.handler(LATER));
        MessageItem swept = room.reload(poison);
        assertEquals(5, swept.emailAttempts());
        assertTrue(swept.emailClaimedUntil() > LATER.instant().getEpochSecond() + 60,
                "the sweep waits before trying it again, so it cannot crowd out the rest");
    }

    @Test
    void unverifiedSender_keepsSignupsPending_andTheyAreSentOnceItIsVerified() {
        String sender = "mailer@" + UUID.randomUUID().toString().substring(0, 8) + ".unverified.example";
        Mailroom unverified = new Mailroom(Map.of("SenderEmail", sender, "CreateSenderIdentity", "false"));
        SignupItem item = unverified.signUp("connection-tue-downtown", "en");
        unverified.stream(unverified.handler()).drain();
        assertEquals(0, Mailroom.mailTo(item).size());
        MessageItem stored = unverified.reload(item);
        assertEquals("pending", stored.emailStatus(), "SES's MessageRejected was about the sender, not this person");
        assertNull(stored.emailError());

        unverified.deployment.sesV2().createEmailIdentity(r -> r.emailIdentity(sender));
        unverified.sweep(unverified.handler(LATER));
        assertEquals(1, Mailroom.mailTo(item).size());
    }

    /**
     * The documented window: SES took the message but the "sent" update failed. The claim is kept,
     * so a retry at once sends nothing; once the lease lapses, the sweep sends a second email.
     */
    @Test
    void sentUpdateFailing_afterSesAccepted_sendsNothingMoreUntilTheLeaseLapses() {
        Env env = room.deployment.env(Mailroom.FUNCTION);
        AtomicBoolean failSentUpdates = new AtomicBoolean(true);
        DynamoDbClient flaky = DynamoDbClient.builder()
                .httpClient(AwsClients.http()).region(AwsClients.region(env))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        if (failSentUpdates.get() && context.request() instanceof UpdateItemRequest update
                                && update.expressionAttributeValues().containsKey(":sent")) {
                            throw new IllegalStateException("injected: the sent update is lost");
                        }
                    }
                }))
                .build();
        SignupItem item = room.signUp("connection-tue-downtown", "en");
        String event = Mailroom.streamEvent(List.of(item), 1);

        assertEquals(List.of(), Mailroom.failures(room.invoke(handlerOver(flaky, env, Clock.systemUTC()), event)));
        assertEquals(1, Mailroom.mailTo(item).size());
        MessageItem stored = room.reload(item);
        assertEquals("pending", stored.emailStatus());
        assertNotNull(stored.emailClaimedUntil());

        failSentUpdates.set(false);
        room.invoke(handlerOver(flaky, env, Clock.systemUTC()), event);
        room.sweep(handlerOver(flaky, env, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1))));
        assertEquals(1, Mailroom.mailTo(item).size(), "within the lease, nothing is sent again");

        room.sweep(handlerOver(flaky, env, LATER));
        assertEquals(2, Mailroom.mailTo(item).size(), "after it: the one remaining duplicate");
        assertEquals("sent", room.reload(item).emailStatus());
    }

    private static SendConfirmationHandler handlerOver(DynamoDbClient dynamoDb, Env env, Clock clock) {
        return room.handler(dynamoDb, clock);
    }

    /** The sequence number of a sign-up's INSERT record, read from the stream. */
    private static String sequenceOf(SignupItem item) {
        String streamArn = room.deployment.intrinsics().resolveString(Map.of("Fn::GetAtt", List.of("SignupsTable", "StreamArn")));
        try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
                .endpointOverride(room.deployment.endpoint()).region(room.deployment.region())
                .httpClient(AwsClients.http()).build()) {
            String shard = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            Map<String, String> sequences = new HashMap<>();
            while (iterator != null) {
                String current = iterator;
                var response = streams.getRecords(r -> r.shardIterator(current));
                for (Record record : response.records()) {
                    if ("INSERT".equals(record.eventNameAsString())) {
                        sequences.put(record.dynamodb().keys().get("sk").s(), record.dynamodb().sequenceNumber());
                    }
                }
                iterator = response.records().isEmpty() ? null : response.nextShardIterator();
            }
            return sequences.get(Mailroom.messageSk(item));
        }
    }
}
