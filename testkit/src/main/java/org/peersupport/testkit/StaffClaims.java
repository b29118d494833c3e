package org.peersupport.testkit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts on an event what API Gateway's JWT authorizer puts there for a verified token: the access
 * token's claims, as strings, with the groups claim written as API Gateway writes arrays
 * ({@code [admins facilitators]}). For handler tests; the local gateway builds the same from real
 * tokens.
 */
public final class StaffClaims {
    private StaffClaims() {
    }

    /** The event as sent by {@code username}, a member of {@code groups} (none: a valid token with no role). */
    public static APIGatewayV2HTTPEvent as(APIGatewayV2HTTPEvent event, String username, String... groups) {
        Map<String, String> claims = new HashMap<>();
        claims.put("username", username);
        claims.put("token_use", "access");
        claims.put("client_id", "testconsoleclient");
        claims.put("iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test");
        if (groups.length > 0) {
            claims.put("cognito:groups", "[" + String.join(" ", groups) + "]");
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(claims);
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        event.getRequestContext().setAuthorizer(authorizer);
        return event;
    }

    public static APIGatewayV2HTTPEvent admin(APIGatewayV2HTTPEvent event, String username) {
        return as(event, username, "admins");
    }

    public static APIGatewayV2HTTPEvent facilitator(APIGatewayV2HTTPEvent event, String username) {
        return as(event, username, "facilitators");
    }
}
