package org.peersupport.managegroups;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peersupport.shared.Env;
import org.peersupport.shared.Log;
import org.peersupport.shared.audit.AuditAction;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.aws.Priming;
import org.peersupport.shared.http.ErrorCode;
import org.peersupport.shared.http.JsonBody;
import org.peersupport.shared.http.Requests;
import org.peersupport.shared.http.Responses;
import org.peersupport.shared.http.StaffPrincipal;
import org.peersupport.shared.json.Fields;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.model.GroupInput;
import org.peersupport.shared.model.GroupJson;
import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.notices.MeetingChange;
import org.peersupport.shared.notices.MeetingChanges;
import org.peersupport.shared.schedule.InvalidScheduleException;
import org.peersupport.shared.schedule.Schedule;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.shared.store.ClosureItem;
import org.peersupport.shared.store.GroupChangeItem;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The staff routes for groups and closures: {@code GET /staff/groups} (private fields, archived
 * groups included; a facilitator gets only the groups they run), {@code PUT} and
 * {@code DELETE /staff/groups/{groupId}} (create or replace, archive), {@code GET /staff/closures},
 * {@code PUT} and {@code DELETE /staff/closures/{date}} (admins only, refused before any read by
 * {@link StaffPrincipal#serve}). Every change is audited, with the staff member's username, in the
 * same transaction, and so is what it means for the group's registrants: a change to their
 * meetings in the next four weeks ({@link MeetingChanges}), or room for the people waiting, is
 * recorded as a {@link GroupChangeItem}, from which the notice function sends each of them one
 * notice. The public listing caches for LISTING_CACHE_SECONDS, so a change shows there within that
 * time.
 */
public final class ManageGroupsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int NEXT_MEETINGS = 4;
    static final int MAX_CLOSURE_NAME = 100;

    private final GroupAdmin store;
    private final ZoneId orgZone;
    private final Clock clock;
    private final Priming priming;

    /** Used by Lambda: configuration from the environment template.yaml sets, the real DynamoDB client and clock. */
    public ManageGroupsHandler() {
        this(Env.system(), AwsClients.dynamoDb(Env.system()), Clock.systemUTC());
    }

    /** Configuration from {@code env}, over the given DynamoDB client and clock. */
    public ManageGroupsHandler(Env env, DynamoDbClient dynamoDb, Clock clock) {
        this(DynamoGroupAdmin.of(env, dynamoDb), env.zone("ORG_TIME_ZONE"), clock);
    }

    private ManageGroupsHandler(GroupAdmin store, ZoneId orgZone, Clock clock) {
        this.store = store;
        this.orgZone = orgZone;
        this.clock = clock;
        this.priming = Priming.register("manage-groups", this::prime);
    }

    /**
     * Before a snapshot: a request without a staff token (refused before anything is read), and
     * two reads a staff member's first request makes: a group (one that does not exist) and the closures.
     */
    private void prime() {
        handleRequest(Priming.request("GET /staff/groups", "/staff/groups", null, null, null, null), null);
        store.group("snapstart-priming");
        store.closures();
    }

    /** The hooks SnapStart calls (tests call them directly). */
    public Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return StaffPrincipal.serve(event, "staff_groups", principal -> route(event, principal));
    }

    private APIGatewayV2HTTPResponse route(APIGatewayV2HTTPEvent event, StaffPrincipal principal) {
        switch (event.getRouteKey() == null ? "" : event.getRouteKey()) {
            case "GET /staff/groups":
                return listGroups(principal);
            case "PUT /staff/groups/{groupId}":
                return putGroup(event, principal);
            case "DELETE /staff/groups/{groupId}":
                return archiveGroup(event, principal);
            case "GET /staff/closures":
                return listClosures();
            case "PUT /staff/closures/{date}":
                return putClosure(event, principal);
            case "DELETE /staff/closures/{date}":
                return deleteClosure(event, principal);
            default:
                return Responses.error(ErrorCode.NOT_FOUND);
        }
    }

    private APIGatewayV2HTTPResponse listGroups(StaffPrincipal principal) {
        List<Group> groups = store.groups().stream()
                .filter(group -> principal.mayRead(group.facilitatorUsernames()))
                .sorted(Comparator.comparing(Group::id)).toList();
        Set<LocalDate> closures = closureDates();
        Instant now = clock.instant();
        String body = Json.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("groups");
            for (Group group : groups) {
                writeStaffGroup(json, group, closures, now);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
        return Responses.json(200, body, Responses.NO_STORE);
    }

    private APIGatewayV2HTTPResponse putGroup(APIGatewayV2HTTPEvent event, StaffPrincipal principal) {
        JsonBody body = JsonBody.read(event, MAX_BODY_BYTES, true);
        if (body.error() != null) {
            return body.error();
        }
        String groupId = Requests.pathParameter(event, "groupId");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Group group;
        try {
            group = GroupInput.parse(groupId, body.fields(), now);
        } catch (GroupInput.InvalidGroupException e) {
            return Responses.error(ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST.message(), e.fields());
        }
        Set<LocalDate> closures = closureDates();
        Group previous = store.group(group.id());
        GroupChangeItem change = previous == null ? null : change(previous, group, closures, now);
        boolean created = store.putGroup(group, AuditItem.of(now, principal.username(), AuditAction.PUT_GROUP,
                Map.of("groupId", group.id()), 1), change);
        Log.info("staff_groups.put", "groupId", group.id(), "created", created, "requestId", Requests.requestId(event),
                "changes", change == null ? 0 : change.changes().size());
        String json = Json.write(out -> writeStaffGroup(out, group, closures, clock.instant()));
        return Responses.json(created ? 201 : 200, json, Responses.NO_STORE);
    }

    private APIGatewayV2HTTPResponse archiveGroup(APIGatewayV2HTTPEvent event, StaffPrincipal principal) {
        String groupId = Requests.pathParameter(event, "groupId");
        if (!GroupInput.isValidId(groupId)) {
            return Responses.error(ErrorCode.NOT_FOUND);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Group previous = store.group(groupId);
        GroupChangeItem change = previous == null ? null : change(previous, new Group(previous.listing(),
                previous.signupRules(), previous.meetingDetails(), previous.facilitatorUsernames(), true),
                closureDates(), now);
        boolean found = store.archiveGroup(groupId, now.toString(),
                AuditItem.of(now, principal.username(), AuditAction.ARCHIVE_GROUP, Map.of("groupId", groupId), 1), change);
        if (!found) {
            return Responses.error(ErrorCode.NOT_FOUND);
        }
        Log.info("staff_groups.archived", "groupId", groupId, "requestId", Requests.requestId(event));
        return Responses.with(204, null, "", Responses.NO_STORE);
    }

    private APIGatewayV2HTTPResponse listClosures() {
        List<ClosureItem> closures = store.closures().stream().sorted(Comparator.comparing(ClosureItem::date)).toList();
        String body = Json.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("closures");
            for (ClosureItem closure : closures) {
                writeClosure(json, closure);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
        return Responses.json(200, body, Responses.NO_STORE);
    }

    private APIGatewayV2HTTPResponse putClosure(APIGatewayV2HTTPEvent event, StaffPrincipal principal) {
        String date = closureDate(event);
        if (date == null) {
            return Responses.error(ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST.message(),
                    Map.of("date", "Use a date as YYYY-MM-DD."));
        }
        JsonBody body = JsonBody.read(event, MAX_BODY_BYTES, false);
        if (body.error() != null) {
            return body.error();
        }
        Fields in = new Fields(body.fields());
        String name = in.text("name", false, MAX_CLOSURE_NAME, false,
                "Enter a name of up to " + MAX_CLOSURE_NAME + " characters, or leave it out.");
        in.rejectUnknown();
        if (in.hasErrors()) {
            return Responses.error(ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST.message(), in.errors());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ClosureItem closure = new ClosureItem(date, name, now.toString());
        boolean created = store.putClosure(closure,
                AuditItem.of(now, principal.username(), AuditAction.PUT_CLOSURE, Map.of("date", date), 1),
                GroupChangeItem.ofClosure(date, true, now));
        Log.info("staff_closures.put", "date", date, "created", created, "requestId", Requests.requestId(event));
        return Responses.json(created ? 201 : 200, Json.write(json -> writeClosure(json, closure)), Responses.NO_STORE);
    }

    private APIGatewayV2HTTPResponse deleteClosure(APIGatewayV2HTTPEvent event, StaffPrincipal principal) {
        String date = closureDate(event);
        if (date == null) {
            return Responses.error(ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST.message(),
                    Map.of("date", "Use a date as YYYY-MM-DD."));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (!store.deleteClosure(date, AuditItem.of(now, principal.username(), AuditAction.DELETE_CLOSURE, Map.of("date", date), 1),
                GroupChangeItem.ofClosure(date, false, now))) {
            return Responses.error(ErrorCode.NOT_FOUND);
        }
        Log.info("staff_closures.deleted", "date", date, "requestId", Requests.requestId(event));
        return Responses.with(204, null, "", Responses.NO_STORE);
    }

    /**
     * What replacing {@code previous} with {@code next} means for the group's registrants: the
     * changes to their meetings in the next four weeks, and whether it may open places (a capacity
     * raised or removed, or the group taking people again). Null when it means nothing to them.
     */
    private GroupChangeItem change(Group previous, Group next, Set<LocalDate> closures, Instant now) {
        List<MeetingChange> changes = MeetingChanges.between(snapshot(previous, closures), snapshot(next, closures),
                now, orgZone);
        boolean placesMayOpen = !next.archived() && next.listing().status() == GroupStatus.ACTIVE
                && (previous.archived() || previous.listing().status() != GroupStatus.ACTIVE
                    || raised(previous.signupRules().capacity(), next.signupRules().capacity()));
        return changes.isEmpty() && !placesMayOpen ? null
                : GroupChangeItem.ofGroup(next.id(), changes, placesMayOpen, now);
    }

    private static MeetingChanges.Snapshot snapshot(Group group, Set<LocalDate> closures) {
        return new MeetingChanges.Snapshot(group.listing().schedule(), group.listing().status(), group.archived(),
                group.listing().format(), group.meetingDetails(), closures);
    }

    /** A capacity raised, or a limit removed (null is no limit). */
    private static boolean raised(Integer before, Integer after) {
        return before != null && (after == null || after > before);
    }

    private Set<LocalDate> closureDates() {
        Set<LocalDate> dates = new HashSet<>();
        for (ClosureItem closure : store.closures()) {
            try {
                dates.add(Schedule.date("date", closure.date()));
            } catch (IllegalArgumentException e) {
                Log.warn("staff_closures.skipped_invalid_closure");
            }
        }
        return dates;
    }

    private void writeStaffGroup(JsonGenerator json, Group group, Set<LocalDate> closures, Instant now)
            throws IOException {
        json.writeStartObject();
        GroupJson.writePublicFields(json, group.listing(),
                group.listing().schedule().nextMeetings(now, NEXT_MEETINGS, closures, orgZone));
        GroupJson.writePrivateFields(json, group);
        json.writeEndObject();
    }

    private static void writeClosure(JsonGenerator json, ClosureItem closure) throws IOException {
        json.writeStartObject();
        json.writeStringField("date", closure.date());
        Json.field(json, "name", closure.name());
        Json.field(json, "updatedAt", closure.updatedAt());
        json.writeEndObject();
    }

    /** The path's date, normalised, or null when it is not a YYYY-MM-DD date. */
    private static String closureDate(APIGatewayV2HTTPEvent event) {
        try {
            return Schedule.dateText(Schedule.date("date", Requests.pathParameter(event, "date")));
        } catch (InvalidScheduleException e) {
            return null;
        }
    }
}
