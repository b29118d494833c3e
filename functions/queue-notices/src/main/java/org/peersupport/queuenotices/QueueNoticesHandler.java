package org.peersupport.queuenotices;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.Env;
import org.peersupport.shared.Log;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.aws.LambdaEvent;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.ClosureItem;
import org.peersupport.shared.store.GroupChangeItem;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.shared.store.Waitlist;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Queues the messages after a sign-up that no request of the person's causes; the mailer sends
 * them. One function for its two triggers, told apart by the event's shape:
 *
 * <ul>
 * <li>a batch from the GroupChanges table's stream ({@code "Records"}; KEYS_ONLY inserts): each
 *     change staff made is handled ({@link ChangeNotices}): a notice to each registrant of the
 *     groups it touches, and places for the people waiting when it opened some. Answers Lambda's
 *     partial batch response naming the records to retry;</li>
 * <li>the schedule (an EventBridge "Scheduled Event"), with "now" taken from the event's
 *     {@code time}: the reminders due then ({@link Reminders}), and any change the stream did not
 *     get handled (a batch it gave up on).</li>
 * </ul>
 */
public final class QueueNoticesHandler implements RequestStreamHandler {
    /** Time kept back at the end of an invocation for the work in hand. */
    static final Duration RESERVE = Duration.ofSeconds(15);

    private final ChangeNotices changes;
    private final Reminders reminders;
    private final Clock clock;

    /** Used by Lambda: configuration from the environment template.yaml sets, the real client and clock. */
    public QueueNoticesHandler() {
        this(Env.system(), AwsClients.dynamoDb(Env.system()), Clock.systemUTC());
    }

    /** Configuration from {@code env}, over the given client and clock. */
    public QueueNoticesHandler(Env env, DynamoDbClient dynamoDb, Clock clock) {
        this(Wiring.of(env, dynamoDb), clock);
    }

    private QueueNoticesHandler(Wiring wiring, Clock clock) {
        this.changes = wiring.changes();
        this.reminders = wiring.reminders();
        this.clock = clock;
    }

    /** The real parts, built once per container over one DynamoDB client. */
    private record Wiring(ChangeNotices changes, Reminders reminders) {
        static Wiring of(Env env, DynamoDbClient dynamoDb) {
            DynamoDbEnhancedClient enhanced = AwsClients.enhanced(dynamoDb);
            String signups = env.required("SIGNUPS_TABLE");
            DynamoDbTable<GroupItem> groups = enhanced.table(env.required("GROUPS_TABLE"), GroupItem.SCHEMA);
            GroupBook book = new GroupBook(groups, enhanced.table(env.required("CLOSURES_TABLE"), ClosureItem.SCHEMA));
            Registrants registrants = new Registrants(dynamoDb, signups);
            ZoneId zone = env.zone("ORG_TIME_ZONE");
            ChangeNotices changes = new ChangeNotices(dynamoDb,
                    enhanced.table(env.required("GROUP_CHANGES_TABLE"), GroupChangeItem.SCHEMA), book, registrants,
                    new Waitlist(dynamoDb, signups, groups), zone);
            return new Wiring(changes, new Reminders(book, registrants, zone));
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> event = LambdaEvent.read(input, "notices.unreadable_event");
        String response;
        if (event.get("Records") instanceof List<?> records) {
            response = stream(records, context);
        } else if ("Scheduled Event".equals(event.get("detail-type"))) {
            response = scheduled(time(event.get("time")), context);
        } else {
            Log.error("notices.unknown_event", null);
            throw new IllegalArgumentException("Neither a stream batch nor a scheduled event");
        }
        output.write(response.getBytes(StandardCharsets.UTF_8));
    }

    /** A stream batch: each inserted change is handled; those that failed are named for a retry. */
    private String stream(List<?> records, Context context) {
        List<String> failures = new ArrayList<>();
        int notices = 0;
        for (Object value : records) {
            if (!(value instanceof Map<?, ?> record) || !(record.get("dynamodb") instanceof Map<?, ?> dynamodb)
                    || !(dynamodb.get("SequenceNumber") instanceof String sequence) || sequence.isEmpty()) {
                Log.error("notices.unreadable_record", null);
                throw new IllegalArgumentException("A stream record without its sequence number");
            }
            if (!"INSERT".equals(record.get("eventName"))) {
                continue; // handled and expired changes: the filter lets none through
            }
            String changeId = dynamodb.get("Keys") instanceof Map<?, ?> keys ? string(keys.get("changeId")) : null;
            if (changeId == null || lowOnTime(context)) {
                failures.add(sequence);
                continue;
            }
            try {
                notices += changes.handle(changeId, clock.instant()).notices();
            } catch (RuntimeException e) {
                Log.error("notices.change_failed", e, "changeId", changeId, "trigger", "stream");
                failures.add(sequence);
            }
        }
        Log.info("notices.batch", "records", records.size(), "notices", notices, "failed", failures.size());
        return Json.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("batchItemFailures");
            for (String id : failures) {
                json.writeStartObject();
                json.writeStringField("itemIdentifier", id);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** The scheduled run at {@code now}: due reminders, then changes the stream left. */
    private String scheduled(Instant now, Context context) {
        Reminders.Run run = reminders.run(now, () -> lowOnTime(context));
        int handled = 0;
        int notices = 0;
        int failed = 0;
        for (String changeId : changes.pending(now)) {
            if (lowOnTime(context)) {
                break;
            }
            try {
                ChangeNotices.Handled result = changes.handle(changeId, now);
                handled += result.handledNow() ? 1 : 0;
                notices += result.notices();
            } catch (RuntimeException e) {
                Log.error("notices.change_failed", e, "changeId", changeId, "trigger", "schedule");
                failed++;
            }
        }
        Log.info("notices.scheduled", "time", now.toString(), "remindersQueued", run.queued(),
                "remindersNone", run.none(), "remindersMissed", run.missed(), "remindersFinished", run.finished(),
                "changesHandled", handled, "notices", notices, "changesFailed", failed);
        int changesHandled = handled;
        int noticesQueued = notices;
        int changesFailed = failed;
        return Json.write(json -> {
            json.writeStartObject();
            json.writeNumberField("remindersQueued", run.queued());
            json.writeNumberField("remindersNone", run.none());
            json.writeNumberField("remindersMissed", run.missed());
            json.writeNumberField("changesHandled", changesHandled);
            json.writeNumberField("notices", noticesQueued);
            json.writeNumberField("changesFailed", changesFailed);
            json.writeEndObject();
        });
    }

    /** The event's {@code time}: "now" for a scheduled run. Without one (invoked by hand), the clock's. */
    private Instant time(Object value) {
        if (value instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                Log.warn("notices.unreadable_time");
            }
        }
        return clock.instant();
    }

    private static boolean lowOnTime(Context context) {
        return context != null && context.getRemainingTimeInMillis() < RESERVE.toMillis();
    }

    private static String string(Object attribute) {
        return attribute instanceof Map<?, ?> map && map.get("S") instanceof String s ? s : null;
    }
}
