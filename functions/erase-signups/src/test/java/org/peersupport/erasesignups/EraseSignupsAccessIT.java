package org.peersupport.erasesignups;

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

/** Erasure is for admins only: every other caller is refused before the address is even hashed. */
class EraseSignupsAccessIT {
    @Test
    void everyRoute_refusesTheWrongCallers_beforeAnyAwsCall() {
        Env env = LocalDeployment.create().env("EraseSignupsFunction");
        AwsCalls calls = new AwsCalls();
        EraseSignupsHandler handler = new EraseSignupsHandler(env, TestClients.dynamoDb(env, calls),
                TestClients.kms(env, calls), Clock.systemUTC());

        assertEquals(List.of("DELETE /staff/signups"), StaffAccess.refusesTheWrongCallers("EraseSignupsFunction", calls, handler));

        calls.clear();
        var allowed = ApiCalls.handle(handler, StaffAccess.event(StackTemplate.load().route("DELETE /staff/signups")), null);
        assertEquals(200, allowed.getStatusCode(), allowed.getBody());
        assertTrue(calls.calls().stream().anyMatch(c -> c.endsWith(".GenerateMac")), calls.calls().toString());
    }
}
