package org.peersupport.sendconfirmation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;

/** {@link SignupStore} in memory, with DynamoDbSignupStore's conditions, for the handler's unit tests. */
final class MemoryStore implements SignupStore {
    private final Map<SignupKey, SignupItem> items;

    MemoryStore(Map<SignupKey, SignupItem> items) {
        this.items = items;
    }

    @Override
    public synchronized SignupItem get(SignupKey key) {
        return items.get(key);
    }

    @Override
    public synchronized boolean claim(SignupKey key, String tokenHash, long now, long leaseUntil) {
        SignupItem item = items.get(key);
        if (item == null || !"pending".equals(item.emailStatus())
                || (item.emailClaimedUntil() != null && item.emailClaimedUntil() >= now)
                || (item.expiresAt() != null && item.expiresAt() <= now)) {
            return false;
        }
        items.put(key, item.toBuilder().emailClaimedUntil(leaseUntil).withdrawTokenHash(tokenHash)
                .emailAttempts((item.emailAttempts() == null ? 0 : item.emailAttempts()) + 1).build());
        return true;
    }

    private boolean ours(SignupItem item, String tokenHash) {
        return item != null && tokenHash.equals(item.withdrawTokenHash()) && "pending".equals(item.emailStatus());
    }

    @Override
    public synchronized boolean markSent(SignupKey key, String tokenHash, String messageId) {
        SignupItem item = items.get(key);
        if (!ours(item, tokenHash)) {
            return false;
        }
        items.put(key, item.toBuilder().emailStatus("sent").emailMessageId(messageId).emailPending(null)
                .emailClaimedUntil(null).build());
        return true;
    }

    @Override
    public synchronized boolean markUndeliverable(SignupKey key, String tokenHash, String reason) {
        SignupItem item = items.get(key);
        if (!ours(item, tokenHash)) {
            return false;
        }
        items.put(key, item.toBuilder().emailStatus("undeliverable").emailError(reason).emailPending(null)
                .emailClaimedUntil(null).withdrawTokenHash(null).build());
        return true;
    }

    @Override
    public synchronized void release(SignupKey key, String tokenHash, Long notBefore) {
        SignupItem item = items.get(key);
        if (ours(item, tokenHash)) {
            items.put(key, item.toBuilder().emailClaimedUntil(notBefore).build());
        }
    }

    @Override
    public synchronized Iterable<SignupKey> pendingOldestFirst(String createdAtOrBefore) {
        List<Map.Entry<SignupKey, SignupItem>> pending = new ArrayList<>();
        for (Map.Entry<SignupKey, SignupItem> entry : items.entrySet()) {
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
    static List<SignupKey> keysOf(String event) {
        List<SignupKey> keys = new ArrayList<>();
        for (Object record : (List<Object>) Json.parseObject(event).get("Records")) {
            Map<String, Object> k = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) record)
                    .get("dynamodb")).get("Keys");
            keys.add(new SignupKey((String) ((Map<String, Object>) k.get("pk")).get("S"),
                    (String) ((Map<String, Object>) k.get("sk")).get("S")));
        }
        return keys;
    }
}
