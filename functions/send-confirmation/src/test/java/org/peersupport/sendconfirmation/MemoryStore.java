package org.peersupport.sendconfirmation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;

/** {@link MessageStore} in memory, with DynamoMessageStore's conditions, for the handler's unit tests. */
final class MemoryStore implements MessageStore {
    private final Map<MessageKey, MessageItem> items;
    private final Map<MessageKey, SignupItem> signups;

    MemoryStore(Map<MessageKey, MessageItem> items, Map<MessageKey, SignupItem> signups) {
        this.items = items;
        this.signups = signups;
    }

    @Override
    public synchronized MessageItem get(MessageKey key) {
        return items.get(key);
    }

    @Override
    public synchronized SignupItem signup(MessageItem message) {
        return signups.get(new MessageKey(message.pk(), message.signupSk()));
    }

    @Override
    public synchronized boolean claim(MessageKey key, MessageKind kind, String tokenHash, long now, long leaseUntil) {
        MessageItem item = items.get(key);
        if (item == null || !"pending".equals(item.emailStatus())
                || (item.emailClaimedUntil() != null && item.emailClaimedUntil() >= now)
                || (item.expiresAt() != null && item.expiresAt() <= now)) {
            return false;
        }
        MessageItem.Builder claimed = item.toBuilder().emailClaimedUntil(leaseUntil)
                .emailAttempts((item.emailAttempts() == null ? 0 : item.emailAttempts()) + 1);
        items.put(key, kind == MessageKind.DETAILS ? claimed.withdrawTokenHash(tokenHash).build()
                : claimed.confirmTokenHash(tokenHash).build());
        return true;
    }

    private static boolean ours(MessageItem item, MessageKind kind, String tokenHash) {
        String held = item == null ? null : kind == MessageKind.DETAILS ? item.withdrawTokenHash() : item.confirmTokenHash();
        return item != null && tokenHash.equals(held) && "pending".equals(item.emailStatus());
    }

    @Override
    public synchronized boolean markSent(MessageKey key, MessageKind kind, String tokenHash, String messageId) {
        MessageItem item = items.get(key);
        if (!ours(item, kind, tokenHash)) {
            return false;
        }
        items.put(key, item.toBuilder().emailStatus("sent").emailMessageId(messageId).emailPending(null)
                .emailClaimedUntil(null).build());
        return true;
    }

    @Override
    public synchronized boolean markUndeliverable(MessageKey key, MessageKind kind, String tokenHash, String reason) {
        MessageItem item = items.get(key);
        if (!ours(item, kind, tokenHash)) {
            return false;
        }
        items.put(key, item.toBuilder().emailStatus("undeliverable").emailError(reason).emailPending(null)
                .emailClaimedUntil(null).withdrawTokenHash(null).confirmTokenHash(null).build());
        return true;
    }

    @Override
    public synchronized boolean cancel(MessageKey key, long now) {
        MessageItem item = items.get(key);
        if (item == null || !"pending".equals(item.emailStatus())
                || (item.emailClaimedUntil() != null && item.emailClaimedUntil() >= now)) {
            return false;
        }
        items.put(key, item.toBuilder().emailStatus("cancelled").emailPending(null).emailClaimedUntil(null).build());
        return true;
    }

    @Override
    public synchronized void release(MessageKey key, MessageKind kind, String tokenHash, Long notBefore) {
        MessageItem item = items.get(key);
        if (ours(item, kind, tokenHash)) {
            items.put(key, item.toBuilder().emailClaimedUntil(notBefore).build());
        }
    }

    @Override
    public synchronized void recordOnSignup(SignupItem signup, EmailStatus status, String reason) {
        MessageKey key = new MessageKey(signup.pk(), signup.sk());
        if (signups.containsKey(key)) {
            signups.put(key, signups.get(key).toBuilder().emailStatus(status.wire()).emailError(reason).build());
        }
    }

    @Override
    public synchronized Iterable<MessageKey> pendingOldestFirst(String createdAtOrBefore) {
        List<Map.Entry<MessageKey, MessageItem>> pending = new ArrayList<>();
        for (Map.Entry<MessageKey, MessageItem> entry : items.entrySet()) {
            if (SignupKeys.PENDING.equals(entry.getValue().emailPending())
                    && entry.getValue().createdAt().compareTo(createdAtOrBefore) <= 0) {
                pending.add(entry);
            }
        }
        pending.sort(Comparator.comparing(e -> e.getValue().createdAt()));
        return pending.stream().map(Map.Entry::getKey).toList();
    }

    /** The keys of a stream event's records. */
    @SuppressWarnings("unchecked")
    static List<MessageKey> keysOf(String event) {
        List<MessageKey> keys = new ArrayList<>();
        for (Object record : (List<Object>) Json.parseObject(event).get("Records")) {
            Map<String, Object> k = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) record)
                    .get("dynamodb")).get("Keys");
            keys.add(new MessageKey((String) ((Map<String, Object>) k.get("pk")).get("S"),
                    (String) ((Map<String, Object>) k.get("sk")).get("S")));
        }
        return keys;
    }
}
