package org.peersupport.managegroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peersupport.shared.Env;
import org.peersupport.testkit.NoAwsCalls;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;

class ManageGroupsHandlerTest {
    static final Env ENV = new Env(Map.of("AWS_REGION", "us-east-1", "ORG_TIME_ZONE", "America/Denver",
            "GROUPS_TABLE", "Groups", "MEETING_DETAILS_TABLE", "MeetingDetails", "CLOSURES_TABLE", "Closures",
            "AUDIT_TABLE", "Audit", "GROUP_CHANGES_TABLE", "GroupChanges"));

    @ParameterizedTest
    @ValueSource(strings = {"list-staff-groups.json", "put-group.json", "archive-group.json", "list-closures.json",
        "put-closure.json", "delete-closure.json"})
    void everyRoute_withoutAStaffMember_is403_andTouchesNoData(String file) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + file);
        event.getRequestContext().setAuthorizer(null);
        ManageGroupsHandler handler = new ManageGroupsHandler(ENV, TestClients.dynamoDb(ENV, new NoAwsCalls()),
                Clock.systemUTC());
        var response = ApiCalls.handle(handler, event, null);
        assertEquals(403, response.getStatusCode());
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    }
}
