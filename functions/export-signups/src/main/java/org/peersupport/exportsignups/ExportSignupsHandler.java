package org.peersupport.exportsignups;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.peersupport.shared.Env;
import org.peersupport.shared.Log;
import org.peersupport.shared.audit.AuditAction;
import org.peersupport.shared.audit.AuditTrail;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.aws.Priming;
import org.peersupport.shared.http.Cursors.InvalidCursorException;
import org.peersupport.shared.http.ErrorCode;
import org.peersupport.shared.http.Requests;
import org.peersupport.shared.http.Responses;
import org.peersupport.shared.http.StaffPrincipal;
import org.peersupport.shared.schedule.Schedule;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /staff/signups}: sign-ups as CSV or JSON, one page per request. Rows go into the
 * page as each store page is read, so memory holds one store page and one response page, however
 * many sign-ups there are; a page ends at {@code limit} rows, at a size safely under Lambda's
 * 6 MB response limit, or when the invocation's time runs short, and then carries a cursor.
 * Every page is audited before it is returned: if the audit record cannot be written, the page
 * is not sent (fail closed). A facilitator exports one group at a time, and only a group they run:
 * who runs it is checked before any sign-up is read.
 */
public final class ExportSignupsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String ROUTE = "GET /staff/signups";
    static final String CSV = "text/csv; charset=utf-8";
    /** Body size (as escaped in Lambda's JSON response) at which a page stops: 1 MB under the 6 MB limit. */
    static final int MAX_PAGE_WIRE_BYTES = 5 * 1024 * 1024;
    /** Optional, at most {@link #MAX_PAGE_WIRE_BYTES}: a smaller page size, for tests of paging by size. */
    static final String PAGE_BYTES = "EXPORT_PAGE_BYTES";
    /** Stop reading when less than this is left of the invocation, to audit and answer in time. */
    static final long TIME_RESERVE_MILLIS = 5_000;

    private final SignupPages signups;
    private final GroupNames groups;
    private final GroupFacilitators facilitators;
    private final AuditTrail audit;
    private final ZoneId orgZone;
    private final Clock clock;
    private final long maxPageWireBytes;
    private final Priming priming;

    /** Used by Lambda: configuration from the environment template.yaml sets, the real DynamoDB client and clock. */
    public ExportSignupsHandler() {
        this(Env.system(), AwsClients.dynamoDb(Env.system()), Clock.systemUTC());
    }

    /** Configuration from {@code env}, over the given DynamoDB client and clock. */
    public ExportSignupsHandler(Env env, DynamoDbClient dynamoDb, Clock clock) {
        this(env, dynamoDb, AwsClients.enhanced(dynamoDb), clock);
    }

    private ExportSignupsHandler(Env env, DynamoDbClient dynamoDb, DynamoDbEnhancedClient client, Clock clock) {
        this(new DynamoSignupPages(client, env.required("SIGNUPS_TABLE")),
                new DynamoGroupNames(client, env.required("GROUPS_TABLE")),
                new DynamoGroupFacilitators(dynamoDb, env.required("MEETING_DETAILS_TABLE")),
                AuditTrail.dynamo(client, env.required("AUDIT_TABLE")),
                env.zone("ORG_TIME_ZONE"), clock,
                env.optional(PAGE_BYTES, null) == null ? MAX_PAGE_WIRE_BYTES : env.integer(PAGE_BYTES, 1, MAX_PAGE_WIRE_BYTES));
    }

    private ExportSignupsHandler(SignupPages signups, GroupNames groups, GroupFacilitators facilitators,
                                 AuditTrail audit, ZoneId orgZone, Clock clock, long maxPageWireBytes) {
        this.signups = signups;
        this.groups = groups;
        this.facilitators = facilitators;
        this.audit = audit;
        this.orgZone = orgZone;
        this.clock = clock;
        this.maxPageWireBytes = maxPageWireBytes;
        this.priming = Priming.register("export-signups", this::prime);
    }

    /**
     * Before a snapshot: a request without a staff token (refused before anything is read, and
     * nothing audited), and the reads an export makes of a group (one that does not exist).
     */
    private void prime() {
        handleRequest(Priming.request(ROUTE, "/staff/signups", null, Map.of("groupId", "snapstart-priming"), null, null), null);
        groups.nameOf("snapstart-priming");
        facilitators.of("snapstart-priming");
    }

    /** The hooks SnapStart calls (tests call them directly). */
    public Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return StaffPrincipal.serve(event, "export", principal -> ROUTE.equals(event.getRouteKey())
                ? export(event, principal, context) : Responses.error(ErrorCode.NOT_FOUND));
    }

    private APIGatewayV2HTTPResponse export(APIGatewayV2HTTPEvent event, StaffPrincipal principal, Context context) {
        ExportRequest request;
        try {
            request = ExportRequest.parse(Requests.query(event));
        } catch (ExportRequest.InvalidExportRequestException e) {
            return Responses.error(ErrorCode.INVALID_REQUEST, "Please check the export's parameters.", e.fields());
        }
        if (!principal.isAdmin()) {
            if (request.groupId() == null) {
                return Responses.error(ErrorCode.INVALID_REQUEST, "Please check the export's parameters.",
                        Map.of("groupId", "Choose one of the groups you run: facilitators export one group at a time."));
            }
            if (!principal.mayRead(facilitators.of(request.groupId()))) {
                return StaffPrincipal.forbidden(event, "not_their_group");
            }
        }
        Map<String, AttributeValue> resume = null;
        if (request.cursor() != null) {
            try {
                resume = ExportCursor.decode(request.cursor(), request);
            } catch (InvalidCursorException e) {
                return Responses.error(ErrorCode.INVALID_REQUEST, "Please check the export's parameters.",
                        Map.of("cursor", "This page link does not belong to this export. Start again without a cursor."));
            }
        }
        Map<String, String> names = new HashMap<>();
        if (request.groupId() != null) {
            String name = groups.nameOf(request.groupId());
            if (name == null) {
                return Responses.error(ErrorCode.NOT_FOUND);
            }
            names.put(request.groupId(), name);
        }

        Instant now = clock.instant();
        long nowSeconds = now.getEpochSecond();
        SignupPages.Filter filter = new SignupPages.Filter(request.groupId(), request.createdFrom(orgZone),
                request.createdBefore(orgZone), nowSeconds);
        ExportPage page = ExportPage.of(request.format(), maxPageWireBytes);
        boolean more = true;
        boolean readOnce = false;
        while (page.rows() < request.limit() && (!readOnce || !timeIsShort(context))) {
            SignupPages.Page read = signups.read(filter, resume, request.limit() - page.rows());
            readOnce = true;
            boolean pageFull = false;
            for (SignupItem item : read.items()) {
                // The store filters these out already; checked again because a leak here is the worst kind.
                SignupStatus status = SignupStatus.of(item.status());
                if (!SignupKeys.isSignupSk(item.sk()) || item.isExpired(nowSeconds) || status == null
                        || !status.isConfirmedByOwner()) {
                    continue;
                }
                String groupName = names.computeIfAbsent(item.groupId(), id -> {
                    String name = groups.nameOf(id);
                    return name == null ? "" : name;
                });
                if (!page.tryAdd(item, groupName)) {
                    pageFull = true;
                    break;
                }
                resume = Map.of("pk", AttributeValue.fromS(item.pk()), "sk", AttributeValue.fromS(item.sk()));
            }
            if (pageFull) {
                break;
            }
            resume = read.lastEvaluatedKey();
            if (resume == null || resume.isEmpty()) {
                more = false;
                break;
            }
        }
        String nextCursor = more ? ExportCursor.encode(resume, request) : null;
        String body = page.finish(nextCursor);

        Map<String, String> filters = new LinkedHashMap<>(request.filters());
        filters.put("format", request.format().name().toLowerCase(java.util.Locale.ROOT));
        filters.put("limit", Integer.toString(request.limit()));
        filters.put("page", request.cursor() == null ? "first" : "next");
        try {
            audit.record(AuditItem.of(now, principal.username(), AuditAction.EXPORT_SIGNUPS, filters, page.rows()));
        } catch (RuntimeException e) {
            // Fail closed: no audit record, no data.
            Log.error("export.audit_failed", e, "requestId", Requests.requestId(event), "rows", page.rows());
            return Responses.error(ErrorCode.UNAVAILABLE);
        }
        Log.info("export.page", "requestId", Requests.requestId(event), "rows", page.rows(),
                "bodyChars", body.length(), "more", more);
        return respond(request, body, nextCursor, now);
    }

    private APIGatewayV2HTTPResponse respond(ExportRequest request, String body, String nextCursor, Instant now) {
        if (request.format() == ExportRequest.Format.JSON) {
            return Responses.json(200, body, Responses.NO_STORE);
        }
        APIGatewayV2HTTPResponse response = Responses.with(200, CSV, body, Responses.NO_STORE);
        String day = Schedule.dateText(LocalDate.ofInstant(now, orgZone));
        String scope = request.groupId() == null ? "all" : request.groupId();
        response.getHeaders().put("Content-Disposition", "attachment; filename=\"signups-" + scope + "-" + day + ".csv\"");
        if (nextCursor != null) {
            response.getHeaders().put("Link", "<" + nextUrl(request, nextCursor) + ">; rel=\"next\"");
        }
        return response;
    }

    /** The same query with the cursor, relative to the API's root (RFC 8288 allows a relative reference). */
    static String nextUrl(ExportRequest request, String cursor) {
        Map<String, String> query = new LinkedHashMap<>(request.filters());
        query.put("format", request.format().name().toLowerCase(java.util.Locale.ROOT));
        query.put("limit", Integer.toString(request.limit()));
        query.put("cursor", cursor);
        StringBuilder url = new StringBuilder("/staff/signups");
        char separator = '?';
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            url.append(separator).append(parameter.getKey()).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    private static boolean timeIsShort(Context context) {
        return context != null && context.getRemainingTimeInMillis() < TIME_RESERVE_MILLIS;
    }
}
