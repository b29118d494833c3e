package org.peersupport.sendconfirmation;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The key of one message item: all a stream record (KEYS_ONLY) or the PendingEmail index holds. */
public record MessageKey(String pk, String sk) {
    public Map<String, AttributeValue> toKey() {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }
}
