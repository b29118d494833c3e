package org.peersupport.shared.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.model.MessageKind;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * How a change that causes an email queues it: the transaction items that move the sign-up's
 * message count on by one (conditioned on the count just read, so two racing changes cannot both
 * queue) and put the message under that number. Every sender of email — sign-up, confirmation,
 * a place given to someone waiting — queues this way, and the mailer sends whatever is queued, once.
 *
 * <p>A message about one event of a sign-up's (its reminder, a change to its group) is keyed by
 * that event instead ({@link #eventMessage}, {@link #putOnce}): processing the event again finds the
 * key taken and queues nothing, whoever does it and however often.
 */
public final class MessageQueue {
    /** Sign-up attributes a change that queues a message reads first (its state, never what a person wrote). */
    public static final String MESSAGE_COUNT = "messageCount";

    private MessageQueue() {
    }

    /** A sign-up's message count as read (a sign-up from before messages were counted has none: 0). */
    public static int count(Map<String, AttributeValue> signup) {
        AttributeValue value = signup == null ? null : signup.get(MESSAGE_COUNT);
        return value == null || value.n() == null ? 0 : Integer.parseInt(value.n());
    }

    /** The condition that the sign-up's count is still {@code read}, for the update that moves it on. */
    public static String countIs(int read) {
        return read == 0 ? "attribute_not_exists(" + MESSAGE_COUNT + ")" : MESSAGE_COUNT + " = :readCount";
    }

    /** Adds {@code :readCount} (when needed) and {@code :nextCount} to an update's values. */
    public static void countValues(Map<String, AttributeValue> values, int read) {
        if (read > 0) {
            values.put(":readCount", AttributeValue.fromN(Integer.toString(read)));
        }
        values.put(":nextCount", AttributeValue.fromN(Integer.toString(read + 1)));
    }

    /** The message, pending, numbered {@code read + 1}: what the mailer will send. */
    public static MessageItem message(String groupId, String emailKey, String signupId, int read, MessageKind kind,
                                      String cause, Instant now, long expiresAt) {
        return MessageItem.builder()
                .pk(SignupKeys.groupPk(groupId))
                .sk(SignupKeys.messageSk(emailKey, signupId, read + 1))
                .kind(kind.wire()).cause(cause).groupId(groupId).signupId(signupId)
                .signupSk(SignupKeys.signupSk(emailKey))
                .createdAt(SignupItem.timestamp(now)).expiresAt(expiresAt)
                .emailStatus(EmailStatus.PENDING.wire()).emailPending(SignupKeys.PENDING).emailAttempts(0)
                .build();
    }

    /** The message about {@code event} ({@link SignupKeys#eventMessageSk}), pending. */
    public static MessageItem eventMessage(String groupId, String emailKey, String signupId, String event,
                                           MessageKind kind, String cause, Instant now, long expiresAt) {
        return MessageItem.builder()
                .pk(SignupKeys.groupPk(groupId))
                .sk(SignupKeys.eventMessageSk(emailKey, signupId, event))
                .kind(kind.wire()).cause(cause).groupId(groupId).signupId(signupId)
                .signupSk(SignupKeys.signupSk(emailKey))
                .createdAt(SignupItem.timestamp(now)).expiresAt(expiresAt)
                .emailStatus(EmailStatus.PENDING.wire()).emailPending(SignupKeys.PENDING).emailAttempts(0)
                .build();
    }

    /**
     * The put of a message about an event: it fails if the key is taken, whatever became of that
     * message (sent, cancelled), so one event gives one message.
     */
    public static TransactWriteItem putOnce(String table, MessageItem message) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(MessageItem.SCHEMA.itemToMap(message, true))
                .conditionExpression("attribute_not_exists(pk)")).build();
    }

    /**
     * The put of a message, for the same transaction as the sign-up's change. It fails only if
     * a live message has that key, which the count's condition already rules out; an expired one
     * (TTL deletes lazily) is replaced.
     */
    public static TransactWriteItem put(String table, MessageItem message, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(MessageItem.SCHEMA.itemToMap(message, true))
                .conditionExpression("attribute_not_exists(pk) OR expiresAt <= :now")
                .expressionAttributeValues(values)).build();
    }
}
