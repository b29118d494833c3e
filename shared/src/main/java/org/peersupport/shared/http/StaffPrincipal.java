package org.peersupport.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.peersupport.shared.Log;
import org.peersupport.shared.json.Text;

/**
 * The staff member API Gateway's JWT authorizer verified, from
 * {@code requestContext.authorizer.jwt.claims}: the username (an access token's {@code username},
 * or an ID token's {@code cognito:username}) and the role its {@code cognito:groups} give (admins
 * over facilitators when a user is in both). Staff handlers check it before anything else: a
 * request without a verified staff member, or from one whose role may not call the route, is
 * answered 403 with nothing read. The authorizer already refuses requests without a valid token
 * (401); this guards against a template mistake that would leave a route open, and is where roles
 * are enforced, since the authorizer knows nothing of them.
 */
public record StaffPrincipal(String username, StaffRole role) {
    private static final int MAX_USERNAME_LENGTH = 128;

    /** The verified staff member, or null when the request carries none (or one with no staff role). */
    public static StaffPrincipal of(APIGatewayV2HTTPEvent event) {
        Map<String, String> claims = claims(event);
        if (claims == null) {
            return null;
        }
        String username = claims.get("username");
        if (username == null) {
            username = claims.get("cognito:username");
        }
        if (username == null || username.isEmpty() || username.length() > MAX_USERNAME_LENGTH
                || !Text.isClean(username, false) || username.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        StaffRole role = StaffRole.ofGroups(groups(claims.get("cognito:groups")));
        return role == null ? null : new StaffPrincipal(username, role);
    }

    /**
     * A groups claim as API Gateway passes it: arrays become one string, {@code [admins facilitators]}
     * (brackets, spaces between). A plain or comma-separated string is read too.
     */
    static List<String> groups(String claim) {
        List<String> groups = new ArrayList<>();
        if (claim == null) {
            return groups;
        }
        String text = claim.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        for (String part : text.split("[\\s,]+")) {
            if (!part.isEmpty()) {
                groups.add(part);
            }
        }
        return groups;
    }

    private static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null
                || event.getRequestContext().getAuthorizer().getJwt() == null) {
            return null;
        }
        return event.getRequestContext().getAuthorizer().getJwt().getClaims();
    }

    public boolean isAdmin() {
        return role == StaffRole.ADMIN;
    }

    /** Whether this staff member may see a group run by these accounts: admins see every group. */
    public boolean mayRead(List<String> facilitatorUsernames) {
        return isAdmin() || facilitatorUsernames.contains(username);
    }

    /**
     * A staff route's frame: with no verified staff member, or one whose role may not call the
     * route, 403 before anything is read; otherwise {@code work} with the staff member, inside
     * {@link Guard}.
     */
    public static APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, String name,
                                                 Function<StaffPrincipal, APIGatewayV2HTTPResponse> work) {
        StaffPrincipal principal = of(event);
        if (principal == null) {
            Log.warn("staff.forbidden_no_principal", "route", event.getRouteKey(), "requestId", Requests.requestId(event));
            return Responses.error(ErrorCode.FORBIDDEN);
        }
        if (!principal.role().allows(event.getRouteKey())) {
            Log.warn("staff.forbidden_role", "route", event.getRouteKey(), "role", principal.role().group(),
                    "requestId", Requests.requestId(event));
            return Responses.error(ErrorCode.FORBIDDEN);
        }
        return Guard.respond(event, name, () -> work.apply(principal));
    }

    /** The 403 for a staff member asking for what their role does not reach (another group, say). */
    public static APIGatewayV2HTTPResponse forbidden(APIGatewayV2HTTPEvent event, String reason) {
        Log.warn("staff.forbidden", "route", event.getRouteKey(), "reason", reason, "requestId", Requests.requestId(event));
        return Responses.error(ErrorCode.FORBIDDEN);
    }
}
