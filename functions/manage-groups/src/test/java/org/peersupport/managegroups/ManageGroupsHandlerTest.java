package org.peersupport.managegroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peersupport.testkit.api.ApiCalls;

class ManageGroupsHandlerTest {
    /** A store that fails the test on any call. */
    static final GroupAdmin UNTOUCHABLE = (GroupAdmin) Proxy.newProxyInstance(GroupAdmin.class.getClassLoader(),
            new Class<?>[] {GroupAdmin.class}, (proxy, method, args) -> {
                throw new AssertionError("the store was used: " + method.getName());
            });

    @ParameterizedTest
    @ValueSource(strings = {"list-staff-groups.json", "put-group.json", "archive-group.json", "list-closures.json",
        "put-closure.json", "delete-closure.json"})
    void everyRoute_withoutAStaffMember_is403_andTouchesNoData(String file) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + file);
        event.getRequestContext().setAuthorizer(null);
        ManageGroupsHandler handler = new ManageGroupsHandler(UNTOUCHABLE, ZoneId.of("America/Denver"), Clock.systemUTC());
        var response = ApiCalls.handle(handler, event, null);
        assertEquals(403, response.getStatusCode());
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    }
}
