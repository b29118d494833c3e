package org.peersupport.erasesignups;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.Env;
import org.peersupport.shared.Log;
import org.peersupport.shared.audit.AuditAction;
import org.peersupport.shared.audit.AuditTrail;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.http.ErrorCode;
import org.peersupport.shared.http.Requests;
import org.peersupport.shared.http.Responses;
import org.peersupport.shared.http.StaffPrincipal;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.privacy.EmailAddress;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.shared.store.GroupItem;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code DELETE /staff/signups?email=E}: erases everything held for an address, in every group —
 * each sign-up with its messages and its place in the group's count, and the address's rate-limit
 * counters — found by the address's canonical form, so any way of writing it finds the same.
 * Idempotent: a second call erases nothing and says 0.
 *
 * <p>The audit record is written first, with how many sign-ups were found, and nothing is
 * erased if it cannot be written. It holds neither the address nor its key: the key would let
 * anyone who can compute it confirm, for a year, that a given person had signed up for a mental
 * health support group, which is exactly what the erasure is meant to end. Staff who need to show
 * a request was honoured can ask again: the answer is {@code {"erased": 0}}.
 */
public final class EraseSignupsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String ROUTE = "DELETE /staff/signups";
    static final int MAX_EMAIL_LENGTH = 254;

    private final PersonalKeys keys;
    private final SignupEraser eraser;
    private final AuditTrail audit;
    private final Clock clock;

    /** Used by Lambda: configuration from the environment template.yaml sets, the real clients and clock. */
    public EraseSignupsHandler() {
        this(Env.system(), AwsClients.dynamoDb(Env.system()), AwsClients.kms(Env.system()), Clock.systemUTC());
    }

    /** Configuration from {@code env}, over the given clients and clock. */
    public EraseSignupsHandler(Env env, DynamoDbClient dynamoDb, KmsClient kms, Clock clock) {
        this(env, dynamoDb, AwsClients.enhanced(dynamoDb), kms, clock);
    }

    private EraseSignupsHandler(Env env, DynamoDbClient dynamoDb, DynamoDbEnhancedClient enhanced, KmsClient kms,
                                Clock clock) {
        this.keys = new PersonalKeys(PersonalKeys.kms(kms, env.required("EMAIL_HASH_KEY")));
        this.eraser = new DynamoSignupEraser(dynamoDb, enhanced.table(env.required("GROUPS_TABLE"), GroupItem.SCHEMA),
                env.required("SIGNUPS_TABLE"), env.required("RATE_LIMITS_TABLE"), clock);
        this.audit = AuditTrail.dynamo(enhanced, env.required("AUDIT_TABLE"));
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return StaffPrincipal.serve(event, "erase", principal -> ROUTE.equals(event.getRouteKey())
                ? erase(event, principal) : Responses.error(ErrorCode.NOT_FOUND));
    }

    private APIGatewayV2HTTPResponse erase(APIGatewayV2HTTPEvent event, StaffPrincipal principal) {
        Map<String, String> query = Requests.query(event);
        for (String name : query.keySet()) {
            if (!name.equals("email")) {
                return Responses.error(ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST.message(),
                        Map.of(name, "This parameter is not accepted."));
            }
        }
        String typed = query.get("email");
        EmailAddress email = typed == null || typed.length() > MAX_EMAIL_LENGTH * 4 ? null : EmailAddress.of(typed);
        if (email == null) {
            return Responses.error(ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST.message(),
                    Map.of("email", "Enter the email address to erase."));
        }
        // The canonical address, as create-signup stored and hashed it: every way of writing it finds the same.
        String emailKey = keys.emailKey(email);
        List<SignupEraser.SignupKey> found = eraser.find(emailKey);
        try {
            audit.record(AuditItem.of(clock.instant(), principal.username(), AuditAction.ERASE_SIGNUPS, Map.of(), found.size()));
        } catch (RuntimeException e) {
            Log.error("erase.audit_failed", e, "requestId", Requests.requestId(event));
            return Responses.error(ErrorCode.UNAVAILABLE);
        }
        int erased = 0;
        for (SignupEraser.SignupKey key : found) {
            if (eraser.erase(key)) {
                erased++;
            }
        }
        int counters = eraser.eraseCounters(emailKey);
        Log.info("erase.done", "requestId", Requests.requestId(event), "erased", erased, "found", found.size(),
                "counters", counters);
        int count = erased;
        return Responses.json(200, Json.write(json -> {
            json.writeStartObject();
            json.writeNumberField("erased", count);
            json.writeEndObject();
        }), Responses.NO_STORE);
    }
}
