package org.peersupport.shared.audit;

import org.peersupport.shared.store.AuditItem;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;

/** Where audit records go. Writing one either succeeds or throws: callers fail closed. */
@FunctionalInterface
public interface AuditTrail {
    void record(AuditItem item);

    /** The Audit table. */
    static AuditTrail dynamo(DynamoDbEnhancedClient client, String auditTable) {
        DynamoDbTable<AuditItem> table = client.table(auditTable, AuditItem.SCHEMA);
        return table::putItem;
    }
}
