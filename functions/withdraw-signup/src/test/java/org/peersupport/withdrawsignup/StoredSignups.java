package org.peersupport.withdrawsignup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.store.ConfirmedPlaces;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.MessageQueue;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.PersonalData;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Sign-ups put straight into a deployment's Signups table as the confirm step and the mailer leave
 * them: confirmed or waitlisted, with their details email sent, whose withdraw token's hash is on
 * that message.
 */
final class StoredSignups {
    private final DynamoDbClient dynamoDb;
    private final String table;
    private final DynamoDbTable<SignupItem> signups;
    private final DynamoDbTable<MessageItem> messages;

    StoredSignups(LocalDeployment deployment) {
        this.dynamoDb = deployment.dynamoDb();
        this.table = deployment.physicalId("SignupsTable");
        this.signups = deployment.enhanced().table(table, SignupItem.SCHEMA);
        this.messages = deployment.enhanced().table(table, MessageItem.SCHEMA);
    }

    /** A sign-up of a new fictional person; a confirmed one holds a place, a waitlisted one moves the places' version. Returns its token. */
    String store(String groupId, String status, Instant createdAt, Instant expiresAt, String token) {
        PersonalData.Person person = PersonalData.person();
        String emailKey = PersonalKeys.tokenHash("email:" + person.email()); // any stable key will do here
        SignupItem item = SignupItem.builder().pk(SignupKeys.groupPk(groupId)).sk(SignupKeys.signupSk(emailKey))
                .signupId(UUID.randomUUID().toString()).groupId(groupId).emailKey(emailKey)
                .createdAt(SignupItem.timestamp(createdAt)).expiresAt(expiresAt.getEpochSecond())
                .firstName(person.firstName()).email(person.email()).phone(person.phone()).forWhom("self").language("en")
                .status(status).emailStatus("sent").messageCount(2).build();
        MessageItem details = MessageQueue.message(groupId, emailKey, item.signupId(), 1, MessageKind.DETAILS, "confirmed",
                createdAt, expiresAt.getEpochSecond()).toBuilder().emailStatus("sent").emailPending(null).emailAttempts(1)
                .emailMessageId("ses-" + UUID.randomUUID()).withdrawTokenHash(PersonalKeys.tokenHash(token)).build();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(SignupItem.SCHEMA.itemToMap(item, true))).build());
        items.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(MessageItem.SCHEMA.itemToMap(details, true))).build());
        ConfirmedPlaces places = ConfirmedPlaces.read(dynamoDb, table, groupId);
        items.add(status.equals("confirmed") ? places.claim(expiresAt.getEpochSecond(), today()) : places.keep(today()));
        dynamoDb.transactWriteItems(r -> r.transactItems(items));
        return token;
    }

    /** A sign-up made now, kept the default 180 days, with a new token. */
    String store(String groupId, String status) {
        Instant now = Instant.now();
        return store(groupId, status, now, now.plus(180, ChronoUnit.DAYS), PersonalKeys.newToken());
    }

    /** The group's sign-up whose details email carried this token, or null (it, or that email, is gone). */
    SignupItem byToken(String groupId, String token) {
        String hash = PersonalKeys.tokenHash(token);
        MessageItem message = messages.query(r -> r.queryConditional(QueryConditional.sortBeginsWith(Key.builder()
                        .partitionValue(SignupKeys.groupPk(groupId)).sortValue(SignupKeys.messageSkPrefix()).build()))
                        .consistentRead(true))
                .items().stream().filter(i -> hash.equals(i.withdrawTokenHash())).findFirst().orElse(null);
        return message == null ? null : signups.getItem(r -> r.key(Key.builder().partitionValue(message.pk())
                .sortValue(message.signupSk()).build()).consistentRead(true));
    }

    /** The messages queued or sent for a sign-up, oldest first. */
    List<MessageItem> messagesOf(SignupItem signup) {
        return messages.query(r -> r.queryConditional(QueryConditional.sortBeginsWith(Key.builder()
                        .partitionValue(signup.pk()).sortValue(SignupKeys.messageSkPrefix(signup.emailKey())).build()))
                        .consistentRead(true)).items().stream().toList();
    }

    /** The group's confirmed places held today. */
    long held(String groupId) {
        return ConfirmedPlaces.read(dynamoDb, table, groupId).held(today());
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
