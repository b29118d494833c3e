package org.peersupport.shared.model;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.peersupport.shared.json.Fields;
import org.peersupport.shared.schedule.InvalidScheduleException;
import org.peersupport.shared.schedule.Schedule;

/**
 * Reads a group as staff write it (the public fields, the private ones and {@code archived}) and
 * validates every field. This is the single place where groups are checked before they are
 * stored, so nothing that cannot be read back exactly (a schedule above all) is ever written.
 */
public final class GroupInput {
    public static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    public static final int MAX_ID_LENGTH = 64;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:_[a-z0-9]+)*");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ().-]{7,30}(?: ?(?:x|ext\\.?) ?[0-9]{1,6})?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> LANGUAGES = new HashSet<>(Arrays.asList(java.util.Locale.getISOLanguages()));
    /** The zone furthest ahead (Kiribati's Line Islands): no place on Earth has a later date. */
    private static final ZoneOffset LATEST_OFFSET = ZoneOffset.ofHours(14);
    public static final int MAX_FACILITATORS = 20;
    private static final String FACILITATORS_MESSAGE = "List up to " + MAX_FACILITATORS
            + " staff usernames, each once: " + StaffUsername.RULE + ".";
    private static final Set<String> PUBLIC_FIELDS = Set.of("id", "name", "program", "audience", "description",
            "languages", "format", "area", "accessibility", "schedule", "status", "lastVerified",
            "requiresEmergencyContact");

    private GroupInput() {
    }

    /** The group's problems, by field path. */
    public static final class InvalidGroupException extends IllegalArgumentException {
        private final Map<String, String> fields;

        public InvalidGroupException(Map<String, String> fields) {
            super("invalid group: " + fields.keySet());
            this.fields = Map.copyOf(fields);
        }

        public Map<String, String> fields() {
            return fields;
        }
    }

    /** True for a well-formed group id (lower-case words joined by hyphens). */
    public static boolean isValidId(String id) {
        return id != null && id.length() <= MAX_ID_LENGTH && ID.matcher(id).matches();
    }

    /** Whether {@code code} is an ISO 639-1 language code. */
    public static boolean isLanguage(String code) {
        return code != null && code.length() == 2 && LANGUAGES.contains(code);
    }

    /**
     * Validates a group object. {@code id}, when the body carries one, must equal {@code pathId};
     * {@code nextMeetings} and {@code updatedAt} are read-only and ignored. {@code lastVerified}
     * may not be later than {@code updatedAt}'s date anywhere on Earth (UTC+14): a future date
     * would keep a listing from being flagged as unchecked, while a staff member's "today" is
     * accepted whatever their device's time zone.
     *
     * @throws InvalidGroupException naming every field that is wrong
     */
    public static Group parse(String pathId, Map<String, Object> body, Instant updatedAt) {
        Fields in = new Fields(body);
        if (!isValidId(pathId)) {
            in.error("id", "Use lower-case letters, digits and hyphens, at most " + MAX_ID_LENGTH + " characters.");
        }
        String bodyId = in.text("id", false, MAX_ID_LENGTH, false, "The id must match the address.");
        if (bodyId != null && !bodyId.equals(pathId)) {
            in.error("id", "The id must match the address.");
        }
        String name = in.text("name", true, 120, false, "Enter a name of up to 120 characters.");
        String program = in.text("program", true, 40, false,
                "Enter a program such as connection or family_support (lower case, underscores).");
        if (program != null && !SLUG.matcher(program).matches()) {
            in.error("program", "Enter a program such as connection or family_support (lower case, underscores).");
        }
        Audience audience = Audience.of(in.text("audience", true, 10, false, "Choose self, family or both."));
        if (audience == null) {
            in.error("audience", "Choose self, family or both.");
        }
        String description = in.text("description", false, 2000, true, "Enter a description of up to 2000 characters.");
        List<String> languages = in.texts("languages", 5, 2, "List one to five ISO 639-1 language codes, such as en or es.");
        if (languages.isEmpty() || !languages.stream().allMatch(GroupInput::isLanguage)
                || languages.stream().distinct().count() != languages.size()) {
            in.error("languages", "List one to five ISO 639-1 language codes, such as en or es.");
        }
        Format format = Format.of(in.text("format", true, 10, false, "Choose in_person, online or hybrid."));
        if (format == null) {
            in.error("format", "Choose in_person, online or hybrid.");
        }
        String area = in.text("area", true, 120, false, "Enter an approximate area of up to 120 characters.");
        List<String> accessibility = in.texts("accessibility", 12, 40,
                "List accessibility features as lower-case words with underscores, such as wheelchair.");
        if (!accessibility.stream().allMatch(a -> SLUG.matcher(a).matches())) {
            in.error("accessibility", "List accessibility features as lower-case words with underscores, such as wheelchair.");
        }
        GroupStatus status = GroupStatus.of(in.text("status", false, 10, false, "Choose active, full or paused."));
        if (status == null && in.has("status")) {
            in.error("status", "Choose active, full or paused.");
        }
        Schedule schedule = schedule(in.object("schedule", true, "Enter the schedule."));
        LocalDate lastVerified = lastVerified(in, updatedAt.atOffset(LATEST_OFFSET).toLocalDate());

        Integer capacity = in.integer("capacity", false, 1, 1000, "Enter a capacity from 1 to 1000, or leave it out.");
        boolean requiresEmergencyContact = in.bool("requiresEmergencyContact", false, "Use true or false.");
        String address = in.text("address", false, 300, true, "Enter an address of up to 300 characters.");
        String meetingUrl = in.text("meetingUrl", false, 500, false, "Enter an https:// link of up to 500 characters.");
        if (meetingUrl != null && !isHttpsUrl(meetingUrl)) {
            in.error("meetingUrl", "Enter an https:// link of up to 500 characters.");
        }
        String meetingPhone = in.text("meetingPhone", false, 40, false, "Enter a phone number.");
        if (meetingPhone != null && !PHONE.matcher(meetingPhone).matches()) {
            in.error("meetingPhone", "Enter a phone number.");
        }
        String facilitatorName = in.text("facilitatorName", false, 100, false, "Enter a name of up to 100 characters.");
        String facilitatorEmail = in.text("facilitatorEmail", false, 254, false, "Enter a valid email address.");
        if (facilitatorEmail != null && !EMAIL.matcher(facilitatorEmail).matches()) {
            in.error("facilitatorEmail", "Enter a valid email address.");
        }
        String notes = in.text("notesForRegistrants", false, 2000, true, "Enter notes of up to 2000 characters.");
        List<String> facilitators = in.texts("facilitatorUsernames", MAX_FACILITATORS, StaffUsername.MAX_LENGTH,
                FACILITATORS_MESSAGE);
        if (!facilitators.stream().allMatch(StaffUsername::isValid)
                || facilitators.stream().distinct().count() != facilitators.size()) {
            in.error("facilitatorUsernames", FACILITATORS_MESSAGE);
        }
        boolean archived = in.bool("archived", false, "Use true or false.");
        in.ignore("nextMeetings", "updatedAt");
        in.rejectUnknown();

        if (format != null && format.hasPlace() && address == null) {
            in.error("address", "In-person and hybrid groups need the address registrants are sent.");
        }
        if (format != null && format.hasOnlineAccess() && meetingUrl == null && meetingPhone == null) {
            in.error("meetingUrl", "Online and hybrid groups need a meeting link or phone number for registrants.");
        }
        if (in.hasErrors()) {
            throw new InvalidGroupException(in.errors());
        }
        PublicGroup listing = new PublicGroup(pathId, name, program, audience, description == null ? "" : description,
                languages, format, area, accessibility, schedule, status == null ? GroupStatus.ACTIVE : status, updatedAt,
                lastVerified, requiresEmergencyContact);
        return new Group(listing, new SignupRules(capacity),
                new MeetingDetails(address, meetingUrl, meetingPhone, facilitatorName, facilitatorEmail, notes),
                facilitators, archived);
    }

    /** The names of the fields that only staff and registrants may see. */
    public static Set<String> privateFieldNames() {
        return Set.of("address", "meetingUrl", "meetingPhone", "facilitatorName", "facilitatorEmail", "capacity",
                "notesForRegistrants", "facilitatorUsernames");
    }

    /** The names of the fields in the public view (besides {@code nextMeetings} and {@code updatedAt}). */
    public static Set<String> publicFieldNames() {
        return PUBLIC_FIELDS;
    }

    /** An optional {@code YYYY-MM-DD} date, no later than {@code today}; absent means never checked. */
    private static LocalDate lastVerified(Fields in, LocalDate today) {
        String message = "Enter the date the listing was last checked as YYYY-MM-DD, today or earlier.";
        String text = in.text("lastVerified", false, 10, false, message);
        if (text == null) {
            return null;
        }
        try {
            LocalDate date = Schedule.date("lastVerified", text);
            if (!date.isAfter(today)) {
                return date;
            }
        } catch (InvalidScheduleException e) {
            // the same message as for a future date
        }
        in.error("lastVerified", message);
        return null;
    }

    private static Schedule schedule(Fields in) {
        String timezone = in.text("timezone", true, 64, false, "Enter an IANA time zone such as America/Denver.");
        String rrule = in.text("rrule", true, 200, false, "Enter a recurrence rule such as FREQ=WEEKLY;BYDAY=TU.");
        String startDate = in.text("startDate", true, 10, false, "Enter the first meeting's date as YYYY-MM-DD.");
        String startTime = in.text("startTime", true, 5, false, "Enter the start time as HH:MM, 24-hour clock.");
        Integer duration = in.integer("durationMinutes", true, Schedule.MIN_DURATION_MINUTES, Schedule.MAX_DURATION_MINUTES,
                "Enter a duration from " + Schedule.MIN_DURATION_MINUTES + " to " + Schedule.MAX_DURATION_MINUTES + " minutes.");
        List<String> exdates = in.texts("exdates", Schedule.MAX_EXDATES, 10, "List dates as YYYY-MM-DD.");
        in.rejectUnknown();
        if (in.hasErrors()) {
            return null;
        }
        try {
            return Schedule.parse(timezone, rrule, startDate, startTime, duration, exdates);
        } catch (InvalidScheduleException e) {
            in.error(e.field(), e.getMessage());
            return null;
        }
    }

    private static boolean isHttpsUrl(String text) {
        try {
            URI uri = new URI(text);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
