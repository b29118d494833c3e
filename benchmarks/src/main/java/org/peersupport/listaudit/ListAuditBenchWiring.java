package org.peersupport.listaudit;

import java.time.Clock;
import org.peersupport.shared.Env;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;

/** Benchmarks only (in the function's package to reach {@code AuditRecords.dynamo}): as {@code ListAuditHandler(Env)}. */
public final class ListAuditBenchWiring {
    private ListAuditBenchWiring() {
    }

    public static ListAuditHandler handler(DynamoDbEnhancedClient client, Env env, Clock clock) {
        return new ListAuditHandler(AuditRecords.dynamo(client, env.required("AUDIT_TABLE")), clock);
    }
}
