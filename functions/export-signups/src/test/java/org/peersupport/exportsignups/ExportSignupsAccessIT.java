package org.peersupport.exportsignups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.Env;
import org.peersupport.testkit.AwsCalls;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.StackTemplate;
import org.peersupport.testkit.StaffAccess;
import org.peersupport.testkit.StaffClaims;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The export refuses callers without a staff role before any AWS call; a facilitator asking for
 * a group they do not run is refused after one read of who runs it, and no sign-up is read.
 */
class ExportSignupsAccessIT {
    @Test
    void everyRoute_refusesTheWrongCallers_beforeAnyAwsCall_andAnotherGroupsFacilitatorBeforeAnySignup() {
        LocalDeployment deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        Env env = deployment.env("ExportSignupsFunction");
        AwsCalls calls = new AwsCalls();
        DynamoDbClient dynamoDb = TestClients.dynamoDb(env, calls);
        ExportSignupsHandler handler = new ExportSignupsHandler(env, dynamoDb, Clock.systemUTC());

        assertEquals(List.of("GET /staff/signups"), StaffAccess.refusesTheWrongCallers("ExportSignupsFunction", calls, handler));

        var other = StaffClaims.facilitator(StaffAccess.event(StackTemplate.load().route("GET /staff/signups")),
                "local-facilitator");
        other.setQueryStringParameters(new java.util.HashMap<>(java.util.Map.of("groupId", "family-support-thu-online")));
        calls.clear();
        assertEquals(403, ApiCalls.handle(handler, other, null).getStatusCode());
        assertEquals(List.of("DynamoDb.GetItem"), calls.calls(), "only who runs the group was read");

        var own = StaffClaims.facilitator(StaffAccess.event(StackTemplate.load().route("GET /staff/signups")),
                "local-facilitator");
        own.setQueryStringParameters(new java.util.HashMap<>(java.util.Map.of("groupId", "connection-tue-downtown")));
        calls.clear();
        var allowed = ApiCalls.handle(handler, own, null);
        assertEquals(200, allowed.getStatusCode(), allowed.getBody());
        assertFalse(calls.calls().isEmpty());
    }
}
