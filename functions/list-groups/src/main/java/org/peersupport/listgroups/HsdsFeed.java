package org.peersupport.listgroups;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.peersupport.shared.Env;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.Format;
import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.model.PublicGroup;
import org.peersupport.shared.schedule.RecurrenceRule;
import org.peersupport.shared.schedule.Schedule;

/**
 * The listing as an Open Referral HSDS 3.0 feed, for the directories (211 lines, resource finders)
 * that exchange listings in it: {@code GET /hsds/} describes the feed, {@code GET /hsds/services}
 * pages through every group that is not archived, {@code GET /hsds/services/{id}} is one group.
 * Each group is one {@code service}, written field by field from its public view only, so nothing
 * private can reach the feed. In-person groups are placed at their public area, never an address;
 * online groups are a virtual location with no link. Schedules are cut into runs with one UTC
 * offset each ({@link ScheduleRuns}), since HSDS schedules have no time zone and no exception dates.
 */
public final class HsdsFeed {
    static final String HSDS_VERSION = "3.0";
    /** The HSDS API's own definition, which this feed follows. */
    static final String HSDS_OPENAPI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json";
    private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");
    private static final Map<String, String> ACCESSIBILITY = Map.of(
            "wheelchair", "Wheelchair accessible", "accessible_restroom", "Accessible restroom",
            "captions", "Captions", "hearing_loop", "Hearing loop", "asl", "ASL interpretation");
    /** Features of a room, which a hybrid group's online location does not have. */
    private static final Set<String> PLACE_ONLY = Set.of("wheelchair", "accessible_restroom", "hearing_loop");

    private final String orgName;
    private final ZoneId orgZone;
    private final String groupPageUrl;
    private final FeedIds ids;

    /**
     * @param groupPageUrl where a person reads about a group and signs up, with {@code {groupId}}
     *                     where the group's id goes
     * @param deploymentId stable and unique to this deployment (the stack's id): the namespace of
     *                     every id in the feed
     */
    public HsdsFeed(String orgName, ZoneId orgZone, String groupPageUrl, String deploymentId) {
        if (!groupPageUrl.matches("https?://[^/?#\\s]+\\S*") || !groupPageUrl.contains("{groupId}")) {
            throw new IllegalArgumentException("The group page URL must be an http(s) URL with {groupId} where the group's id goes");
        }
        this.orgName = orgName;
        this.orgZone = orgZone;
        this.groupPageUrl = groupPageUrl;
        this.ids = new FeedIds(deploymentId);
    }

    /** Configured from the environment template.yaml sets. */
    public static HsdsFeed from(Env env) {
        return new HsdsFeed(env.required("ORG_NAME"), env.zone("ORG_TIME_ZONE"), env.required("GROUP_PAGE_URL"),
                env.required("STACK_ID"));
    }

    /** {@code GET /hsds/}: which HSDS version this is, and where its API is defined. */
    String about() {
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("version", HSDS_VERSION);
            json.writeStringField("openapi_url", HSDS_OPENAPI);
            json.writeEndObject();
        });
    }

    /** One page of services, in the order of the groups' ids (which never change, so pages stay put). */
    String page(Listing listing, FeedQuery query, Instant now) {
        List<PublicGroup> groups = new ArrayList<>(listing.groups());
        groups.sort(Comparator.comparing(PublicGroup::id));
        int total = groups.size();
        int pages = (total + query.perPage() - 1) / query.perPage();
        int from = Math.min(total, (query.page() - 1) * query.perPage());
        List<PublicGroup> contents = groups.subList(from, Math.min(total, from + query.perPage()));
        return Json.write(json -> {
            json.writeStartObject();
            json.writeNumberField("total_items", total);
            json.writeNumberField("total_pages", pages);
            json.writeNumberField("page_number", query.page());
            json.writeNumberField("size", contents.size());
            json.writeBooleanField("first_page", query.page() == 1);
            json.writeBooleanField("last_page", query.page() >= pages);
            json.writeBooleanField("empty", contents.isEmpty());
            json.writeArrayFieldStart("contents");
            for (PublicGroup group : contents) {
                service(json, group, listing.closures(), now);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** The group whose service id this is, or null. */
    PublicGroup find(Listing listing, String serviceId) {
        for (PublicGroup group : listing.groups()) {
            if (ids.service(group.id()).toString().equals(serviceId)) {
                return group;
            }
        }
        return null;
    }

    String service(PublicGroup group, Set<LocalDate> closures, Instant now) {
        return Json.write(json -> service(json, group, closures, now));
    }

    private void service(JsonGenerator json, PublicGroup group, Set<LocalDate> closures, Instant now)
            throws IOException {
        String serviceId = ids.service(group.id()).toString();
        String url = groupPageUrl.replace("{groupId}", group.id());
        json.writeStartObject();
        json.writeStringField("id", serviceId);
        json.writeStringField("organization_id", ids.organization().toString());
        json.writeStringField("name", group.name());
        json.writeStringField("description", group.description());
        json.writeStringField("url", url);
        json.writeStringField("status", group.status() == GroupStatus.PAUSED ? "temporarily closed" : "active");
        json.writeStringField("application_process", applicationProcess(group, url));
        json.writeStringField("eligibility_description", switch (group.audience()) {
            case SELF -> "People living with a mental health condition.";
            case FAMILY -> "Family members and friends of someone living with a mental health condition.";
            case BOTH -> "People living with a mental health condition, and their family members and friends.";
        });
        if (group.lastVerified() != null) {
            json.writeStringField("assured_date", Schedule.dateText(group.lastVerified()));
        }
        json.writeStringField("last_modified", group.updatedAt().toString());

        json.writeArrayFieldStart("schedules");
        for (ScheduleRuns.Run run : ScheduleRuns.of(group.schedule(), now, closures, orgZone)) {
            schedule(json, group, serviceId, run, now);
        }
        json.writeEndArray();

        json.writeArrayFieldStart("service_at_locations");
        if (group.format().hasPlace()) {
            serviceAtLocation(json, group, serviceId, "physical");
        }
        if (group.format().hasOnlineAccess()) {
            serviceAtLocation(json, group, serviceId, "virtual");
        }
        json.writeEndArray();

        json.writeArrayFieldStart("languages");
        for (String code : group.languages()) {
            json.writeStartObject();
            json.writeStringField("id", ids.of(group.id(), "language/" + code).toString());
            json.writeStringField("service_id", serviceId);
            json.writeStringField("name", Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH));
            json.writeStringField("code", code);
            json.writeEndObject();
        }
        json.writeEndArray();

        json.writeObjectFieldStart("organization");
        json.writeStringField("id", ids.organization().toString());
        json.writeStringField("name", orgName);
        json.writeStringField("description", "Free, confidential peer support groups run by " + orgName + ".");
        json.writeEndObject();
        json.writeEndObject();
    }

    /** How to join, in the words a directory shows; nothing private (the place and link are emailed). */
    private static String applicationProcess(PublicGroup group, String url) {
        if (group.status() == GroupStatus.PAUSED) {
            return "This group is not taking sign-ups right now. See " + url + " for when it starts again.";
        }
        StringBuilder text = new StringBuilder("Sign up at ").append(url)
                .append(" with a first name and an email, and a phone number if you like");
        text.append(group.requiresEmergencyContact() ? "; this group also asks for an emergency contact." : ".");
        text.append(group.format() == Format.ONLINE
                ? " You are then emailed how to join online."
                : " You are then emailed where the group meets" + (group.format().hasOnlineAccess()
                        ? " and how to join online." : "."));
        if (group.status() == GroupStatus.FULL) {
            text.append(" The group is full: new sign-ups join its waiting list.");
        }
        return text.toString();
    }

    private void schedule(JsonGenerator json, PublicGroup group, String serviceId, ScheduleRuns.Run run,
                          Instant now) throws IOException {
        Schedule s = group.schedule();
        RecurrenceRule rule = s.rule();
        json.writeStartObject();
        // Keyed by how the run ends, which does not move as time passes (its start does).
        json.writeStringField("id", ids.of(group.id(), "schedule/" + (run.open() ? "open" : Schedule.dateText(run.last())))
                .toString());
        json.writeStringField("service_id", serviceId);
        json.writeStringField("valid_from", Schedule.dateText(run.first()));
        json.writeStringField("valid_to", Schedule.dateText(run.open() ? ScheduleRuns.windowEnd(s, now) : run.last()));
        json.writeStringField("dtstart", Schedule.dateText(run.first()));
        if (!run.open()) {
            json.writeStringField("until", Schedule.dateText(run.last()));
        }
        json.writeFieldName("timezone");
        json.writeNumber(hours(run.startOffset()));
        json.writeStringField("wkst", "MO");
        json.writeStringField("freq", rule.frequency().name());
        json.writeNumberField("interval", rule.interval());
        json.writeStringField("byday", byDay(s));
        json.writeStringField("opens_at", HOURS_MINUTES.format(run.opens()) + run.startOffset().getId());
        json.writeStringField("closes_at", HOURS_MINUTES.format(run.closes()) + run.endOffset().getId());
        json.writeStringField("description", describe(s, run.opens(), run.closes()));
        json.writeStringField("attending_type", switch (group.format()) {
            case IN_PERSON -> "In person, " + group.area() + ".";
            case ONLINE -> "Online.";
            case HYBRID -> "In person (" + group.area() + ") or online.";
        });
        if (!run.skipped().isEmpty()) {
            List<String> dates = run.skipped().stream().map(Schedule::dateText).toList();
            json.writeStringField("notes", "No meeting on " + String.join(", ", dates) + ".");
        }
        json.writeEndObject();
    }

    private void serviceAtLocation(JsonGenerator json, PublicGroup group, String serviceId, String type)
            throws IOException {
        String locationId = ids.of(group.id(), "location/" + type).toString();
        json.writeStartObject();
        json.writeStringField("id", ids.of(group.id(), "service_at_location/" + type).toString());
        json.writeStringField("service_id", serviceId);
        json.writeStringField("location_id", locationId);
        json.writeObjectFieldStart("location");
        json.writeStringField("id", locationId);
        json.writeStringField("location_type", type);
        if (type.equals("physical")) {
            json.writeStringField("name", group.area());
            json.writeStringField("description",
                    "The area only. People who sign up are emailed where exactly the group meets.");
        } else {
            json.writeStringField("name", "Online");
            json.writeStringField("description", "People who sign up are emailed how to join.");
        }
        json.writeArrayFieldStart("accessibility");
        for (String feature : group.accessibility()) {
            if (type.equals("virtual") && PLACE_ONLY.contains(feature)) {
                continue;
            }
            json.writeStartObject();
            json.writeStringField("id", ids.of(group.id(), "location/" + type + "/accessibility/" + feature).toString());
            json.writeStringField("location_id", locationId);
            json.writeStringField("description", ACCESSIBILITY.getOrDefault(feature, capitalised(feature.replace('_', ' '))));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
    }

    /** The UTC offset in hours, as HSDS's {@code timezone} number: -7, 5.5, 5.75, 10. */
    static String hours(ZoneOffset offset) {
        return BigDecimal.valueOf(offset.getTotalSeconds()).divide(BigDecimal.valueOf(3600), 4, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    /** The rule's days as HSDS's {@code byday}: weekly rules without BYDAY meet on the first date's weekday. */
    private static String byDay(Schedule s) {
        RecurrenceRule rule = s.rule();
        if (rule.byDay().isEmpty()) {
            return RecurrenceRule.code(s.startDate().getDayOfWeek());
        }
        List<String> days = new ArrayList<>();
        rule.byDay().forEach(day -> days.add(day.toString()));
        return String.join(",", days);
    }

    /** "Every other Wednesday, 18:00 to 19:30", "The first and third Thursday of every month, 19:00 to 20:30". */
    static String describe(Schedule s, LocalTime opens, LocalTime closes) {
        RecurrenceRule rule = s.rule();
        StringBuilder text = new StringBuilder();
        if (rule.frequency() == RecurrenceRule.Frequency.WEEKLY) {
            List<String> days = new ArrayList<>();
            for (DayOfWeek day : s.weekdays()) {
                days.add(day.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            }
            text.append(switch (rule.interval()) {
                case 1 -> "Every ";
                case 2 -> "Every other ";
                default -> "Every " + rule.interval() + " weeks on ";
            }).append(and(days));
        } else {
            List<String> days = new ArrayList<>();
            for (RecurrenceRule.WeekdayNum day : rule.byDay()) {
                days.add(ordinal(day.ordinal()) + " " + day.day().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            }
            text.append("The ").append(and(days)).append(switch (rule.interval()) {
                case 1 -> " of every month";
                case 2 -> " of every other month";
                default -> " of every " + rule.interval() + " months";
            });
        }
        return text.append(", ").append(HOURS_MINUTES.format(opens)).append(" to ").append(HOURS_MINUTES.format(closes))
                .append(" (").append(s.timezone().getId()).append(" time)").toString();
    }

    private static String ordinal(int n) {
        return switch (n) {
            case 1 -> "first";
            case 2 -> "second";
            case 3 -> "third";
            case 4 -> "fourth";
            case 5 -> "fifth";
            case -1 -> "last";
            case -2 -> "second to last";
            case -3 -> "third to last";
            case -4 -> "fourth to last";
            default -> "fifth to last";
        };
    }

    private static String and(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
