package org.peersupport.listaudit;

import java.util.List;
import java.util.Map;
import org.peersupport.shared.store.AuditItem;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads the audit trail newest first, one page per call. */
public interface AuditRecords {
    /** Records and the sort key to continue after (null at the end). */
    record Page(List<AuditItem> items, String lastSk) {
    }

    Page newestFirst(String afterSk, int limit);

    /** The Audit table: one Query on the single partition, sort key descending. */
    static AuditRecords dynamo(DynamoDbEnhancedClient client, String auditTable) {
        DynamoDbTable<AuditItem> table = client.table(auditTable, AuditItem.SCHEMA);
        return (afterSk, limit) -> {
            var page = table.query(QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(AuditItem.PK).build()))
                    .scanIndexForward(false)
                    .limit(limit)
                    .exclusiveStartKey(afterSk == null ? null
                            : Map.of("pk", AttributeValue.fromS(AuditItem.PK), "sk", AttributeValue.fromS(afterSk)))
                    .build()).iterator().next();
            Map<String, AttributeValue> last = page.lastEvaluatedKey();
            return new Page(page.items(), last == null || last.isEmpty() ? null : last.get("sk").s());
        };
    }
}
