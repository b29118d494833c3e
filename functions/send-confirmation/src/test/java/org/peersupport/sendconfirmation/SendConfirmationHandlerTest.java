package org.peersupport.sendconfirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.MessageQueue;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.LocalContext;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.SampleData;

/**
 * How the handler reads its two events and answers Lambda, over the sample events, with the
 * mailer's ports in memory. What the mailer does against DynamoDB and SES is in the ITs.
 */
class SendConfirmationHandlerTest {
    static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    static final SampleData SAMPLES = SampleData.load();

    final Map<MessageKey, MessageItem> items = new HashMap<>();
    final Map<MessageKey, SignupItem> signups = new HashMap<>();
    final List<String> sent = new ArrayList<>();
    final MemoryStore store = new MemoryStore(items, signups);
    EmailSender sender = (to, raw) -> {
        sent.add(to);
        return "message-" + sent.size();
    };
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    SendConfirmationHandler handler() {
        GroupDirectory directory = new GroupDirectory() {
            @Override
            public GroupView group(String groupId) {
                Group group = SAMPLES.groups().stream().filter(g -> g.id().equals(groupId)).findFirst().orElse(null);
                return group == null ? null : new GroupView(group.listing(), group.meetingDetails(), group.archived());
            }

            @Override
            public Set<LocalDate> closures() {
                return Set.of();
            }
        };
        ConfirmationMailer mailer = new ConfirmationMailer(store, directory, (to, raw) -> sender.send(to, raw),
                new ConfirmationRenderer("Example Peer Support", "https://api.example.org"),
                new ConfirmRequestRenderer("Example Peer Support", "https://api.example.org"), "Example Peer Support",
                "groups@example.org", ZoneId.of("America/Denver"), clock);
        return new SendConfirmationHandler(mailer, store, clock, Duration.ofMinutes(3), 100);
    }

    static String event(String file) throws IOException {
        try (var in = SendConfirmationHandlerTest.class.getResourceAsStream("/events/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    Map<String, Object> invoke(String event, Context context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler().handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    /** Stores a confirmed sign-up and its pending details email under the keys of the sample stream event's records. */
    void storeSampleEventsSignups() throws IOException {
        for (MessageKey key : MemoryStore.keysOf(event("send-confirmation-stream.json"))) {
            PersonalData.Person person = PersonalData.person();
            String[] parts = key.sk().split("#");
            String groupId = key.pk().substring("GROUP#".length());
            long expiresAt = NOW.plus(Duration.ofDays(180)).getEpochSecond();
            SignupItem signup = SignupItem.builder().pk(key.pk()).sk(SignupKeys.signupSk(parts[1])).signupId(parts[2])
                    .groupId(groupId).emailKey(parts[1]).createdAt(NOW.minusSeconds(5).toString()).expiresAt(expiresAt)
                    .firstName(person.firstName()).email(person.email()).language("en").status("confirmed")
                    .emailStatus("pending").build();
            signups.put(new MessageKey(signup.pk(), signup.sk()), signup);
            items.put(key, MessageQueue.message(groupId, parts[1], parts[2], Integer.parseInt(parts[3]) - 1,
                    MessageKind.DETAILS, "confirmed", NOW.minusSeconds(5), expiresAt));
        }
    }

    @Test
    void streamBatch_sendsEachNewSignup_andAnswersAnEmptyPartialBatchResponse() throws IOException {
        storeSampleEventsSignups();
        Map<String, Object> response = invoke(event("send-confirmation-stream.json"), null);
        assertEquals(Map.of("batchItemFailures", List.of()), response);
        assertEquals(2, sent.size());
        assertEquals(List.of("sent", "sent"), items.values().stream().map(MessageItem::emailStatus).toList());
        assertEquals(List.of("sent", "sent"), signups.values().stream().map(SignupItem::emailStatus).toList(),
                "the export's column follows the details email");
    }

    @Test
    void streamBatch_whenSesIsDown_triesOnce_andNamesEveryRecordForRetry() throws IOException {
        storeSampleEventsSignups();
        int[] calls = {0};
        sender = (to, raw) -> {
            calls[0]++;
            throw new EmailSender.Unavailable("ses_5xx", false, null);
        };
        Map<String, Object> response = invoke(event("send-confirmation-stream.json"), null);
        assertEquals(List.of("4421584500000000017450439091", "4421584600000000017450439092"), Mailroom.failures(response));
        assertEquals(1, calls[0], "the rest of the batch does not wait for the same answer");
        items.values().forEach(item -> assertEquals(null, item.emailClaimedUntil(), "claims given back"));
    }

    @Test
    void streamBatch_nearTheTimeout_leavesRecordsForTheRetry() throws IOException {
        storeSampleEventsSignups();
        Context almostOut = new LocalContext("f", "arn", 1024, Duration.ofSeconds(5));
        Map<String, Object> response = invoke(event("send-confirmation-stream.json"), almostOut);
        assertEquals(2, Mailroom.failures(response).size());
        assertEquals(0, sent.size());
    }

    @Test
    void streamBatch_ignoresWhatIsNotANewSignup_andFailsARecordWithoutKeys() throws IOException {
        String event = """
                {"Records": [
                  {"eventName": "MODIFY", "dynamodb": {"SequenceNumber": "1", "Keys": {"pk": {"S": "GROUP#g"}, "sk": {"S": "SIGNUP#a"}}}},
                  {"eventName": "INSERT", "dynamodb": {"SequenceNumber": "2", "Keys": {"pk": {"S": "GROUP#g"}, "sk": {"S": "COUNT"}}}},
                  {"eventName": "INSERT", "dynamodb": {"SequenceNumber": "3"}},
                  {"eventName": "INSERT", "dynamodb": {"SequenceNumber": "4", "Keys": {"pk": {"S": "GROUP#g"}, "sk": {"S": "MSG#gone#x#0001"}}}},
                  {"eventName": "INSERT", "dynamodb": {"SequenceNumber": "5", "Keys": {"pk": {"S": "GROUP#g"}, "sk": {"S": "SIGNUP#a"}}}}
                ]}""";
        assertEquals(List.of("3"), Mailroom.failures(invoke(event, null)));
        assertEquals(0, sent.size());
    }

    @Test
    void scheduledEvent_sweepsPendingSignupsOlderThanTheMinimumAge() throws IOException {
        storeSampleEventsSignups(); // five seconds old: the stream's to send
        Map<String, Object> young = invoke(event("send-confirmation-sweep.json"), null);
        assertEquals(0L, young.get("sent"));
        items.replaceAll((key, item) -> item.toBuilder().createdAt(SignupItem.timestamp(NOW.minus(Duration.ofMinutes(10))))
                .build());
        Map<String, Object> old = invoke(event("send-confirmation-sweep.json"), null);
        assertEquals(2L, old.get("sent"));
        assertEquals("done", old.get("stopped"));
    }

    @Test
    void otherEvents_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> invoke("{\"hello\": \"world\"}", null));
        assertThrows(IllegalArgumentException.class, () -> invoke("not json", null));
        assertThrows(IllegalArgumentException.class, () -> invoke("{\"Records\": [{\"eventName\": \"INSERT\"}]}", null));
    }
}
