package org.peersupport.managegroups;

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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Every route template.yaml gives this function refuses the wrong callers before any AWS call. */
class ManageGroupsAccessIT {
    @Test
    void everyRoute_refusesTheWrongCallers_beforeAnyAwsCall() {
        Env env = LocalDeployment.create().env("ManageGroupsFunction");
        AwsCalls calls = new AwsCalls();
        DynamoDbClient dynamoDb = TestClients.dynamoDb(env, calls);
        ManageGroupsHandler handler = new ManageGroupsHandler(env, dynamoDb, Clock.systemUTC());

        List<String> routes = StaffAccess.refusesTheWrongCallers("ManageGroupsFunction", calls, handler);
        assertEquals(6, routes.size(), routes.toString());

        // The recorder does see this handler's calls: a facilitator's list is read.
        calls.clear();
        var allowed = ApiCalls.handle(handler, org.peersupport.testkit.StaffClaims.facilitator(
                StaffAccess.event(StackTemplate.load().route("GET /staff/groups")), "local-facilitator"), null);
        assertEquals(200, allowed.getStatusCode(), allowed.getBody());
        assertFalse(calls.calls().isEmpty());
    }
}
