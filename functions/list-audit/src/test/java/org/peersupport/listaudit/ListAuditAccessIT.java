package org.peersupport.listaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.Env;
import org.peersupport.testkit.AwsCalls;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.StackTemplate;
import org.peersupport.testkit.StaffAccess;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;

/** The audit trail is for admins only: every other caller is refused before any AWS call. */
class ListAuditAccessIT {
    @Test
    void everyRoute_refusesTheWrongCallers_beforeAnyAwsCall() {
        Env env = LocalDeployment.create().env("ListAuditFunction");
        AwsCalls calls = new AwsCalls();
        ListAuditHandler handler = new ListAuditHandler(env, TestClients.dynamoDb(env, calls), Clock.systemUTC());

        List<String> routes = StaffAccess.refusesTheWrongCallers("ListAuditFunction", calls, handler);
        assertEquals(List.of("GET /staff/audit"), routes);

        calls.clear();
        var allowed = ApiCalls.handle(handler, StaffAccess.event(StackTemplate.load().route("GET /staff/audit")), null);
        assertEquals(200, allowed.getStatusCode(), allowed.getBody());
        assertFalse(calls.calls().isEmpty());
    }
}
