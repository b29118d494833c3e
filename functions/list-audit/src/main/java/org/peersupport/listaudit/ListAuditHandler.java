package org.peersupport.listaudit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.http.Cursors;
import org.peersupport.shared.http.ErrorCode;
import org.peersupport.shared.http.Requests;
import org.peersupport.shared.http.Responses;
import org.peersupport.shared.http.StaffPrincipal;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.AuditItem;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /staff/audit}: who did what, when, newest first, {@code limit} records a page (default
 * 100, at most 1000) with an opaque {@code nextCursor}. A function of its own, rather than a route
 * of another, so that its role can only read the audit trail and nothing else.
 */
public final class ListAuditHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String ROUTE = "GET /staff/audit";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Pattern SK = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{8,12}Z#[0-9a-f-]{36}");

    private final AuditRecords records;
    private final Clock clock;

    /** Used by Lambda: configuration from the environment template.yaml sets, the real client and clock. */
    public ListAuditHandler() {
        this(Env.system(), AwsClients.dynamoDb(Env.system()), Clock.systemUTC());
    }

    /** Configuration from {@code env}, over the given client and clock. */
    public ListAuditHandler(Env env, DynamoDbClient dynamoDb, Clock clock) {
        this.records = AuditRecords.dynamo(AwsClients.enhanced(dynamoDb), env.required("AUDIT_TABLE"));
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return StaffPrincipal.serve(event, "audit", principal -> ROUTE.equals(event.getRouteKey())
                ? list(event) : Responses.error(ErrorCode.NOT_FOUND));
    }

    private APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event) {
        Map<String, String> query = Requests.query(event);
        Map<String, String> errors = new LinkedHashMap<>();
        for (String name : query.keySet()) {
            if (!name.equals("limit") && !name.equals("cursor")) {
                errors.put(name, "This parameter is not accepted.");
            }
        }
        int limit = DEFAULT_LIMIT;
        String limitText = query.get("limit");
        if (limitText != null && !limitText.isBlank()) {
            limit = limitText.strip().matches("[0-9]{1,4}") ? Integer.parseInt(limitText.strip()) : -1;
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.put("limit", "Use a whole number from 1 to " + MAX_LIMIT + ".");
            }
        }
        String after = null;
        String cursor = query.get("cursor");
        if (cursor != null && !cursor.isBlank()) {
            try {
                after = Cursors.decode(cursor.strip(), Set.of("sk")).get("sk");
                if (!SK.matcher(after).matches()) {
                    throw new Cursors.InvalidCursorException();
                }
            } catch (Cursors.InvalidCursorException e) {
                errors.put("cursor", "This page link is not valid. Start again without a cursor.");
            }
        }
        if (!errors.isEmpty()) {
            return Responses.error(ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST.message(), errors);
        }
        AuditRecords.Page page = records.newestFirst(after, limit);
        long now = clock.instant().getEpochSecond();
        String body = Json.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("records");
            for (AuditItem item : page.items()) {
                if (item.isExpired(now)) {
                    continue; // TTL deletes lazily; a record past its year is gone as far as staff can tell
                }
                json.writeStartObject();
                json.writeStringField("at", item.at());
                json.writeStringField("principal", item.principal());
                json.writeStringField("action", item.action());
                json.writeObjectFieldStart("filters");
                for (Map.Entry<String, String> filter : item.filters().entrySet()) {
                    json.writeStringField(filter.getKey(), filter.getValue());
                }
                json.writeEndObject();
                json.writeNumberField("rowCount", item.rowCount() == null ? 0 : item.rowCount());
                json.writeEndObject();
            }
            json.writeEndArray();
            if (page.lastSk() == null) {
                json.writeNullField("nextCursor");
            } else {
                json.writeStringField("nextCursor", Cursors.encode(Map.of("sk", page.lastSk())));
            }
            json.writeEndObject();
        });
        return Responses.json(200, body, Responses.NO_STORE);
    }
}
