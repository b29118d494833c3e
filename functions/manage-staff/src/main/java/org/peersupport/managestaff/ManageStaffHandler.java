package org.peersupport.managestaff;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.peersupport.shared.Env;
import org.peersupport.shared.Log;
import org.peersupport.shared.audit.AuditAction;
import org.peersupport.shared.audit.AuditTrail;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.http.ErrorCode;
import org.peersupport.shared.http.JsonBody;
import org.peersupport.shared.http.Requests;
import org.peersupport.shared.http.Responses;
import org.peersupport.shared.http.StaffPrincipal;
import org.peersupport.shared.http.StaffRole;
import org.peersupport.shared.json.Fields;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.StaffUsername;
import org.peersupport.shared.store.AuditItem;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Staff accounts, for admins: {@code GET /staff/users} lists them with their roles,
 * {@code PUT /staff/users/{username}} with {@code {"email", "role"}} invites a new one (the user
 * pool emails a temporary password; the first sign-in sets a password and TOTP) or changes an
 * existing one's role, and {@code DELETE /staff/users/{username}} removes one. Admins cannot
 * change or remove their own account here, so an organisation is never left without an admin by
 * a slip. Every change is audited (username and role, never an address) before it is made; if
 * the record cannot be written, nothing changes.
 */
public final class ManageStaffHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final int MAX_BODY_BYTES = 4 * 1024;
    static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    static final String OWN_ACCOUNT = "You can't change or remove your own account. Ask another admin.";

    private final StaffDirectory directory;
    private final AuditTrail audit;
    private final Clock clock;

    /** Used by Lambda: configuration from the environment template.yaml sets, the real clients and clock. */
    public ManageStaffHandler() {
        this(Env.system(), AwsClients.dynamoDb(Env.system()), AwsClients.build(CognitoIdentityProviderClient.builder(),
                Env.system(), AwsClients.http(), AwsClients.timeouts()), Clock.systemUTC());
    }

    /** Configuration from {@code env}, over the given clients and clock. */
    public ManageStaffHandler(Env env, DynamoDbClient dynamoDb, CognitoIdentityProviderClient cognito, Clock clock) {
        this(new CognitoStaffDirectory(cognito, env.required("USER_POOL_ID")),
                AuditTrail.dynamo(AwsClients.enhanced(dynamoDb), env.required("AUDIT_TABLE")), clock);
    }

    /** Over parts of the caller's: the handler's unit test runs it with its user pool in memory. */
    ManageStaffHandler(StaffDirectory directory, AuditTrail audit, Clock clock) {
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return StaffPrincipal.serve(event, "staff_users", principal -> route(event, principal));
    }

    private APIGatewayV2HTTPResponse route(APIGatewayV2HTTPEvent event, StaffPrincipal principal) {
        switch (event.getRouteKey() == null ? "" : event.getRouteKey()) {
            case "GET /staff/users":
                return list();
            case "PUT /staff/users/{username}":
                return put(event, principal);
            case "DELETE /staff/users/{username}":
                return remove(event, principal);
            default:
                return Responses.error(ErrorCode.NOT_FOUND);
        }
    }

    private APIGatewayV2HTTPResponse list() {
        List<StaffAccount> accounts = directory.accounts().stream()
                .sorted(Comparator.comparing(StaffAccount::username)).toList();
        return Responses.json(200, Json.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("users");
            for (StaffAccount account : accounts) {
                write(json, account);
            }
            json.writeEndArray();
            json.writeEndObject();
        }), Responses.NO_STORE);
    }

    private APIGatewayV2HTTPResponse put(APIGatewayV2HTTPEvent event, StaffPrincipal principal) {
        String username = Requests.pathParameter(event, "username");
        if (!StaffUsername.isValid(username)) {
            return invalid("username", "Use " + StaffUsername.RULE + ", at most " + StaffUsername.MAX_LENGTH + " characters.");
        }
        if (username.equals(principal.username())) {
            return invalid("username", OWN_ACCOUNT);
        }
        JsonBody body = JsonBody.read(event, MAX_BODY_BYTES, true);
        if (body.error() != null) {
            return body.error();
        }
        Fields in = new Fields(body.fields());
        String email = in.text("email", true, MAX_EMAIL_LENGTH, false, "Enter the email address the invitation goes to.");
        if (email != null && !EMAIL.matcher(email).matches()) {
            in.error("email", "Enter the email address the invitation goes to.");
        }
        StaffRole role = StaffRole.ofGroup(in.text("role", true, 20, false, "Choose admins or facilitators."));
        if (role == null) {
            in.error("role", "Choose admins or facilitators.");
        }
        in.rejectUnknown();
        if (in.hasErrors()) {
            return Responses.error(ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST.message(), in.errors());
        }
        StaffAccount existing = directory.account(username);
        if (existing != null && existing.email() != null && !existing.email().equalsIgnoreCase(email)) {
            return invalid("email", "This account has another email address. Remove it and invite again to change it.");
        }
        AuditAction action = existing == null ? AuditAction.INVITE_STAFF : AuditAction.CHANGE_STAFF_ROLE;
        record(principal, action, Map.of("username", username, "role", role.group()));
        if (existing == null) {
            try {
                directory.invite(username, email, role);
            } catch (StaffDirectory.AccountExistsException e) {
                return invalid("username", "Someone else just took this username. Choose another.");
            } catch (StaffDirectory.InvalidEmailException e) {
                return invalid("email", "Enter the email address the invitation goes to.");
            }
        } else {
            directory.setRole(username, role);
        }
        Log.info("staff_users.put", "created", existing == null, "role", role.group(), "requestId", Requests.requestId(event));
        StaffAccount account = directory.account(username);
        return Responses.json(existing == null ? 201 : 200, Json.write(json -> write(json, account)), Responses.NO_STORE);
    }

    private APIGatewayV2HTTPResponse remove(APIGatewayV2HTTPEvent event, StaffPrincipal principal) {
        String username = Requests.pathParameter(event, "username");
        if (!StaffUsername.isValid(username)) {
            return Responses.error(ErrorCode.NOT_FOUND);
        }
        if (username.equals(principal.username())) {
            return invalid("username", OWN_ACCOUNT);
        }
        record(principal, AuditAction.REMOVE_STAFF, Map.of("username", username));
        if (!directory.remove(username)) {
            return Responses.error(ErrorCode.NOT_FOUND);
        }
        Log.info("staff_users.removed", "requestId", Requests.requestId(event));
        return Responses.with(204, null, "", Responses.NO_STORE);
    }

    /** Written before the change: if it cannot be, the exception reaches Guard (503) and nothing changes. */
    private void record(StaffPrincipal principal, AuditAction action, Map<String, String> filters) {
        audit.record(AuditItem.of(clock.instant(), principal.username(), action, filters, 1));
    }

    private static void write(JsonGenerator json, StaffAccount account) throws IOException {
        json.writeStartObject();
        json.writeStringField("username", account.username());
        Json.field(json, "email", account.email());
        if (account.role() == null) {
            json.writeNullField("role");
        } else {
            json.writeStringField("role", account.role().group());
        }
        Json.field(json, "status", account.status());
        json.writeBooleanField("enabled", account.enabled());
        Json.field(json, "createdAt", account.createdAt() == null ? null : account.createdAt().toString());
        json.writeEndObject();
    }

    private static APIGatewayV2HTTPResponse invalid(String field, String message) {
        return Responses.error(ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST.message(), Map.of(field, message));
    }
}
