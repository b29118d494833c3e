package org.peersupport.managestaff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Staff accounts are for admins only: every other caller is refused before the user pool or the audit is touched. */
class ManageStaffAccessIT {
    @Test
    void everyRoute_refusesTheWrongCallers_beforeAnyAwsCall() {
        Env env = LocalDeployment.create().env("ManageStaffFunction");
        AwsCalls calls = new AwsCalls();
        ManageStaffHandler handler = new ManageStaffHandler(env, TestClients.dynamoDb(env, calls),
                TestClients.cognito(env, calls), Clock.systemUTC());

        List<String> routes = StaffAccess.refusesTheWrongCallers("ManageStaffFunction", calls, handler);
        assertEquals(3, routes.size(), routes.toString());

        calls.clear();
        var allowed = ApiCalls.handle(handler, StaffAccess.event(StackTemplate.load().route("GET /staff/users")), null);
        assertEquals(200, allowed.getStatusCode(), allowed.getBody());
        assertTrue(calls.calls().stream().anyMatch(c -> c.endsWith(".ListUsers")), calls.calls().toString());
    }
}
