package org.peersupport.exportsignups;

import java.util.List;
import java.util.Map;
import org.peersupport.shared.store.SignupItem;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads sign-ups one store page at a time, so no more than one page is ever held. */
public interface SignupPages {

    /**
     * One page of sign-ups matching the filters (not expired, created within the dates), in
     * storage order, starting after {@code startKey} (null: from the start).
     *
     * @param maxItems the most items the store should look at for this page
     */
    Page read(Filter filter, Map<String, AttributeValue> startKey, int maxItems);

    /** What to read: one group or all, created from (inclusive) and before (exclusive), not expired at {@code nowEpochSeconds}. */
    record Filter(String groupId, String createdFrom, String createdBefore, long nowEpochSeconds) {
    }

    /** Items found, and the key to continue after (null when the store has nothing further). */
    record Page(List<SignupItem> items, Map<String, AttributeValue> lastEvaluatedKey) {
    }
}
