package org.peersupport.confirmsignup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.privacy.PersonalKeys;
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

/**
 * Sign-ups as create-signup and the mailer leave them before the confirm step: unconfirmed, with
 * a confirm request sent whose token's hash is on that message.
 */
final class Unconfirmed {
    private final LocalDeployment deployment;
    private final DynamoDbTable<SignupItem> signups;
    private final DynamoDbTable<MessageItem> messages;

    Unconfirmed(LocalDeployment deployment) {
        this.deployment = deployment;
        String table = deployment.physicalId("SignupsTable");
        this.signups = deployment.enhanced().table(table, SignupItem.SCHEMA);
        this.messages = deployment.enhanced().table(table, MessageItem.SCHEMA);
    }

    /** An unconfirmed sign-up of a new fictional person, asked at {@code createdAt}; returns its confirm token. */
    String store(String groupId, Instant createdAt, String token) {
        PersonalData.Person person = PersonalData.person();
        String emailKey = PersonalKeys.tokenHash("email:" + person.email());
        long expiresAt = createdAt.plus(Duration.ofHours(72)).getEpochSecond();
        SignupItem signup = SignupItem.builder().pk(SignupKeys.groupPk(groupId)).sk(SignupKeys.signupSk(emailKey))
                .signupId(UUID.randomUUID().toString()).groupId(groupId).emailKey(emailKey)
                .createdAt(SignupItem.timestamp(createdAt)).expiresAt(expiresAt).firstName(person.firstName())
                .email(person.email()).forWhom("self").language("en").status("unconfirmed").messageCount(1)
                .lastConfirmRequestAt(createdAt.getEpochSecond()).build();
        signups.putItem(signup);
        messages.putItem(MessageQueue.message(groupId, emailKey, signup.signupId(), 0, MessageKind.CONFIRM_REQUEST,
                "signup", createdAt, expiresAt).toBuilder().emailStatus("sent").emailPending(null).emailAttempts(1)
                .confirmTokenHash(PersonalKeys.tokenHash(token)).build());
        return token;
    }

    String store(String groupId) {
        return store(groupId, Instant.now(), PersonalKeys.newToken());
    }

    /** The sign-up a confirm token was sent for, as stored now, or null. */
    SignupItem byToken(String groupId, String token) {
        MessageItem message = message(groupId, token);
        return message == null ? null : signups.getItem(r -> r.key(Key.builder().partitionValue(message.pk())
                .sortValue(message.signupSk()).build()).consistentRead(true));
    }

    private MessageItem message(String groupId, String token) {
        String hash = PersonalKeys.tokenHash(token);
        return messages.query(r -> r.queryConditional(QueryConditional.sortBeginsWith(Key.builder()
                        .partitionValue(SignupKeys.groupPk(groupId)).sortValue(SignupKeys.messageSkPrefix()).build()))
                        .consistentRead(true))
                .items().stream().filter(i -> hash.equals(i.confirmTokenHash())).findFirst().orElse(null);
    }

    /** A sign-up's messages, oldest first. */
    List<MessageItem> messagesOf(SignupItem signup) {
        return messages.query(r -> r.queryConditional(QueryConditional.sortBeginsWith(Key.builder()
                        .partitionValue(signup.pk()).sortValue(SignupKeys.messageSkPrefix(signup.emailKey())).build()))
                        .consistentRead(true)).items().stream().toList();
    }

    ConfirmedPlaces places(String groupId) {
        return ConfirmedPlaces.read(deployment.dynamoDb(), deployment.physicalId("SignupsTable"), groupId);
    }
}
