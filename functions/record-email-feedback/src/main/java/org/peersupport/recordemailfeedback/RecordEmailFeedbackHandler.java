package org.peersupport.recordemailfeedback;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.Env;
import org.peersupport.shared.Log;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.aws.LambdaEvent;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.json.MalformedJsonException;
import org.peersupport.shared.privacy.EmailAddress;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.shared.store.Waitlist;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * SES's bounce and complaint events, as SNS delivers them to Lambda ({@code Records[].Sns.Message},
 * SES's JSON as a string). A hard bounce marks every live sign-up of each bounced address
 * undeliverable, so nothing more is sent to it and the export says so; a complaint withdraws them,
 * freeing their places. The address is made canonical and hashed with EmailHashKey, as create-signup
 * keyed it, to find the sign-ups; nothing else of the event is read or kept, and no address is
 * logged. Each step is idempotent, so a failure is thrown for Lambda to retry the whole event.
 */
public final class RecordEmailFeedbackHandler implements RequestStreamHandler {
    private final PersonalKeys keys;
    private final AddressSignups signups;

    /** Used by Lambda: configuration from the environment template.yaml sets, the real clients and clock. */
    public RecordEmailFeedbackHandler() {
        this(Env.system(), AwsClients.dynamoDb(Env.system()), AwsClients.kms(Env.system()), Clock.systemUTC());
    }

    /** Configuration from {@code env}, over the given clients and clock. */
    public RecordEmailFeedbackHandler(Env env, DynamoDbClient dynamoDb, KmsClient kms, Clock clock) {
        this.keys = new PersonalKeys(PersonalKeys.kms(kms, env.required("EMAIL_HASH_KEY")));
        this.signups = new AddressSignups(dynamoDb, env.required("SIGNUPS_TABLE"), new Waitlist(dynamoDb,
                env.required("SIGNUPS_TABLE"), AwsClients.enhanced(dynamoDb).table(env.required("GROUPS_TABLE"),
                        GroupItem.SCHEMA)), clock);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> event = LambdaEvent.read(input, "email_feedback.unreadable_event");
        if (!(event.get("Records") instanceof List<?> records)) {
            Log.error("email_feedback.unknown_event", null);
            throw new IllegalArgumentException("Not an SNS event");
        }
        for (Object record : records) {
            handle(record);
        }
        output.write("{}".getBytes(StandardCharsets.UTF_8));
    }

    private void handle(Object record) {
        SesFeedback feedback = SesFeedback.NOTHING;
        if (record instanceof Map<?, ?> r && r.get("Sns") instanceof Map<?, ?> sns && sns.get("Message") instanceof String text) {
            try {
                feedback = SesFeedback.of(Json.parseObject(text));
            } catch (MalformedJsonException e) {
                Log.warn("email_feedback.unreadable_message");
            }
        }
        if (feedback.kind() == SesFeedback.Kind.IGNORED) {
            Log.info("email_feedback.ignored");
            return;
        }
        int unreadable = 0;
        int found = 0;
        int changed = 0;
        for (String address : feedback.addresses()) {
            EmailAddress canonical = EmailAddress.of(address);
            if (canonical == null) {
                unreadable++;
                continue;
            }
            for (var key : signups.find(keys.emailKey(canonical))) {
                found++;
                boolean done = feedback.kind() == SesFeedback.Kind.HARD_BOUNCE ? signups.markBounced(key)
                        : signups.withdraw(key);
                changed += done ? 1 : 0;
            }
        }
        Log.info("email_feedback.recorded", "kind", feedback.kind().name().toLowerCase(java.util.Locale.ROOT),
                "recipients", feedback.addresses().size(), "unreadable", unreadable, "signups", found,
                feedback.kind() == SesFeedback.Kind.HARD_BOUNCE ? "marked" : "withdrawn", changed);
    }
}
