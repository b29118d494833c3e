package org.peersupport.listgroups;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.aws.Priming;
import org.peersupport.shared.http.ETags;
import org.peersupport.shared.http.Guard;
import org.peersupport.shared.http.ErrorCode;
import org.peersupport.shared.http.Requests;
import org.peersupport.shared.http.Responses;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.GroupJson;
import org.peersupport.shared.model.PublicGroup;
import org.peersupport.shared.schedule.Meeting;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The public listing routes: {@code GET /groups}, {@code GET /groups/{groupId}},
 * {@code GET /groups/{groupId}/calendar.ics}, {@code GET /calendar.ics}, and the same listing as
 * an Open Referral HSDS 3.0 feed ({@code GET /hsds/}, {@code GET /hsds/services},
 * {@code GET /hsds/services/{id}}). Read-only; it can see only the public view of groups and the
 * closures.
 */
public final class ListGroupsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String CACHE = "public, max-age=300";
    static final String CALENDAR = "text/calendar; charset=utf-8";
    static final int NEXT_MEETINGS = 4;

    private final ListingSource listings;
    private final CalendarWriter calendars;
    private final HsdsFeed feed;
    private final ZoneId orgZone;
    private final String orgName;
    private final Clock clock;
    private final RenderedListings renderedListings = new RenderedListings();
    private final Priming priming;

    /** Used by Lambda: configuration from the environment template.yaml sets, the real DynamoDB client and clock. */
    public ListGroupsHandler() {
        this(Env.system(), AwsClients.dynamoDb(Env.system()), Clock.systemUTC());
    }

    /** Configuration from {@code env}, over the given DynamoDB client and clock. */
    public ListGroupsHandler(Env env, DynamoDbClient dynamoDb, Clock clock) {
        this.listings = new CachedListingSource(
                new DynamoListingSource(AwsClients.enhanced(dynamoDb), env.required("GROUPS_TABLE"), env.required("CLOSURES_TABLE")),
                clock, Duration.ofSeconds(env.integer("LISTING_CACHE_SECONDS", 0, 3600)), Duration.ofHours(1));
        this.orgZone = env.zone("ORG_TIME_ZONE");
        this.orgName = env.required("ORG_NAME");
        this.calendars = new CalendarWriter(orgName, env.required("CALENDAR_UID_DOMAIN"), orgZone);
        this.feed = HsdsFeed.from(env);
        this.clock = clock;
        this.priming = Priming.register("list-groups", this::prime);
    }

    /** Before a snapshot: the listing, both calendars and the feed, as their first callers ask (reads only). */
    private void prime() {
        handleRequest(Priming.request("GET /groups", "/groups", null, null, null, null), null);
        handleRequest(Priming.request("GET /groups", "/groups", null, Map.of("language", "es"), null, null), null);
        handleRequest(Priming.request("GET /groups/{groupId}", "/groups/snapstart-priming",
                Map.of("groupId", "snapstart-priming"), null, null, null), null);
        handleRequest(Priming.request("GET /calendar.ics", "/calendar.ics", null, null, null, null), null);
        handleRequest(Priming.request("GET /hsds/services", "/hsds/services", null, null, null, null), null);
    }

    /** The hooks SnapStart calls (tests call them directly). */
    public Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Guard.respond(event, "listing", () -> route(event));
    }

    private APIGatewayV2HTTPResponse route(APIGatewayV2HTTPEvent event) {
        switch (event.getRouteKey() == null ? "" : event.getRouteKey()) {
            case "GET /groups":
                return list(event);
            case "GET /groups/{groupId}":
                return one(event);
            case "GET /groups/{groupId}/calendar.ics":
                return groupCalendar(event);
            case "GET /calendar.ics":
                return calendar(event);
            case "GET /hsds/":
                return cacheable(event, Responses.JSON, feed.about());
            case "GET /hsds/services":
                return feedPage(event);
            case "GET /hsds/services/{id}":
                return feedService(event);
            default:
                return Responses.error(ErrorCode.NOT_FOUND);
        }
    }

    private APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event) {
        GroupQuery query;
        try {
            query = GroupQuery.parse(Requests.query(event));
        } catch (GroupQuery.InvalidQueryException e) {
            return Responses.error(ErrorCode.INVALID_REQUEST, "Please check the filters.", e.fields());
        }
        Listing listing = listings.load();
        Instant now = clock.instant();
        RenderedListings.Body rendered = renderedListings.get(listing, query, now);
        if (rendered == null) {
            Instant firstEnd = Instant.MAX;
            List<Entry> entries = new ArrayList<>();
            for (PublicGroup group : listing.groups()) {
                if (query.matches(group)) {
                    List<Meeting> meetings = group.schedule().nextMeetings(now, NEXT_MEETINGS, listing.closures(), orgZone);
                    entries.add(new Entry(group, meetings));
                    if (!meetings.isEmpty() && meetings.get(0).end().toInstant().isBefore(firstEnd)) {
                        firstEnd = meetings.get(0).end().toInstant();
                    }
                }
            }
            entries.sort(Entry.BY_NEXT_MEETING);
            String body = Json.write(json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("groups");
                for (Entry entry : entries) {
                    GroupJson.writePublic(json, entry.group(), entry.meetings());
                }
                json.writeEndArray();
                json.writeEndObject();
            });
            rendered = new RenderedListings.Body(body, ETags.of(body));
            renderedListings.put(listing, query, now, firstEnd, rendered);
        }
        return cacheable(event, Responses.JSON, rendered.json(), rendered.etag());
    }

    private APIGatewayV2HTTPResponse one(APIGatewayV2HTTPEvent event) {
        Listing listing = listings.load();
        PublicGroup group = find(listing, Requests.pathParameter(event, "groupId"));
        if (group == null) {
            return Responses.error(ErrorCode.NOT_FOUND);
        }
        List<Meeting> meetings = group.schedule().nextMeetings(clock.instant(), NEXT_MEETINGS, listing.closures(), orgZone);
        return cacheable(event, Responses.JSON, Json.write(json -> GroupJson.writePublic(json, group, meetings)));
    }

    private APIGatewayV2HTTPResponse groupCalendar(APIGatewayV2HTTPEvent event) {
        Listing listing = listings.load();
        PublicGroup group = find(listing, Requests.pathParameter(event, "groupId"));
        if (group == null) {
            return Responses.error(ErrorCode.NOT_FOUND);
        }
        String titles = Requests.query(event).get("titles");
        if (titles == null) {
            return cacheable(event, CALENDAR, calendars.write(group.name(), List.of(group), listing.closures()));
        }
        if (!titles.equals("neutral")) {
            return Responses.error(ErrorCode.INVALID_REQUEST, "Please check the query.",
                    Map.of("titles", "Leave it out, or use neutral."));
        }
        return cacheable(event, CALENDAR, calendars.writeNeutral(group, listing.closures()));
    }

    private APIGatewayV2HTTPResponse calendar(APIGatewayV2HTTPEvent event) {
        Listing listing = listings.load();
        List<PublicGroup> groups = new ArrayList<>(listing.groups());
        groups.sort(Comparator.comparing(PublicGroup::id));
        return cacheable(event, CALENDAR, calendars.write(orgName, groups, listing.closures()));
    }

    private APIGatewayV2HTTPResponse feedPage(APIGatewayV2HTTPEvent event) {
        FeedQuery query;
        try {
            query = FeedQuery.parse(Requests.query(event));
        } catch (GroupQuery.InvalidQueryException e) {
            return Responses.error(ErrorCode.INVALID_REQUEST, "Please check the query.", e.fields());
        }
        return cacheable(event, Responses.JSON, feed.page(listings.load(), query, clock.instant()));
    }

    private APIGatewayV2HTTPResponse feedService(APIGatewayV2HTTPEvent event) {
        Listing listing = listings.load();
        PublicGroup group = feed.find(listing, Requests.pathParameter(event, "id"));
        if (group == null) {
            return Responses.error(ErrorCode.NOT_FOUND);
        }
        return cacheable(event, Responses.JSON, feed.service(group, listing.closures(), clock.instant()));
    }

    private static PublicGroup find(Listing listing, String id) {
        for (PublicGroup group : listing.groups()) {
            if (group.id().equals(id)) {
                return group;
            }
        }
        return null;
    }

    /** Public data: cacheable for five minutes, with a tag for conditional requests. */
    private static APIGatewayV2HTTPResponse cacheable(APIGatewayV2HTTPEvent event, String contentType, String body) {
        return cacheable(event, contentType, body, ETags.of(body));
    }

    private static APIGatewayV2HTTPResponse cacheable(APIGatewayV2HTTPEvent event, String contentType, String body,
                                                      String etag) {
        if (ETags.matches(Requests.header(event, "If-None-Match"), etag)) {
            return Responses.notModified(etag, CACHE);
        }
        APIGatewayV2HTTPResponse response = Responses.with(200, contentType, body, CACHE);
        Map<String, String> headers = response.getHeaders();
        headers.put("ETag", etag);
        return response;
    }

    private record Entry(PublicGroup group, List<Meeting> meetings) {
        static final Comparator<Entry> BY_NEXT_MEETING = Comparator
                .comparing((Entry e) -> e.meetings().isEmpty() ? Instant.MAX : e.meetings().get(0).start().toInstant())
                .thenComparing(e -> e.group().name())
                .thenComparing(e -> e.group().id());
    }
}
