package org.peersupport.shared.model;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.schedule.Meeting;
import org.peersupport.shared.schedule.Schedule;

/** Writes the contract's JSON for a group, one named field at a time. */
public final class GroupJson {
    /** ISO-8601 with the offset, seconds always present: {@code 2026-12-01T18:30:00-07:00}. */
    public static final DateTimeFormatter OFFSET_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private GroupJson() {
    }

    /**
     * Writes the public view's fields into the current object (without opening or closing it),
     * so staff responses can add the private fields after them.
     */
    public static void writePublicFields(JsonGenerator json, PublicGroup group, List<Meeting> nextMeetings)
            throws IOException {
        json.writeStringField("id", group.id());
        json.writeStringField("name", group.name());
        json.writeStringField("program", group.program());
        json.writeStringField("audience", group.audience().wire());
        json.writeStringField("description", group.description());
        Json.array(json, "languages", group.languages());
        json.writeStringField("format", group.format().wire());
        json.writeStringField("area", group.area());
        Json.array(json, "accessibility", group.accessibility());
        Schedule s = group.schedule();
        json.writeObjectFieldStart("schedule");
        json.writeStringField("timezone", s.timezone().getId());
        json.writeStringField("rrule", s.rule().toString());
        json.writeStringField("startDate", s.startDateText());
        json.writeStringField("startTime", s.startTimeText());
        json.writeNumberField("durationMinutes", s.durationMinutes());
        json.writeArrayFieldStart("exdates");
        for (LocalDate date : s.exdates()) {
            json.writeString(Schedule.dateText(date));
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeArrayFieldStart("nextMeetings");
        for (Meeting meeting : nextMeetings) {
            json.writeStartObject();
            json.writeStringField("start", OFFSET_TIME.format(meeting.start()));
            json.writeStringField("end", OFFSET_TIME.format(meeting.end()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField("status", group.status().wire());
        json.writeStringField("updatedAt", group.updatedAt().toString());
        if (group.lastVerified() == null) {
            json.writeNullField("lastVerified");
        } else {
            json.writeStringField("lastVerified", Schedule.dateText(group.lastVerified()));
        }
        json.writeBooleanField("requiresEmergencyContact", group.requiresEmergencyContact());
    }

    /**
     * Writes the fields only staff see (after {@link #writePublicFields}): the private fields the
     * contract lists, each only when set ({@code facilitatorUsernames} always), and {@code archived}.
     */
    public static void writePrivateFields(JsonGenerator json, Group group) throws IOException {
        SignupRules rules = group.signupRules();
        MeetingDetails details = group.meetingDetails();
        Json.field(json, "address", details.address());
        Json.field(json, "meetingUrl", details.meetingUrl());
        Json.field(json, "meetingPhone", details.meetingPhone());
        Json.field(json, "facilitatorName", details.facilitatorName());
        Json.field(json, "facilitatorEmail", details.facilitatorEmail());
        if (rules.capacity() != null) {
            json.writeNumberField("capacity", rules.capacity());
        }
        Json.field(json, "notesForRegistrants", details.notesForRegistrants());
        Json.array(json, "facilitatorUsernames", group.facilitatorUsernames());
        json.writeBooleanField("archived", group.archived());
    }

    /** The public view as a complete object. */
    public static void writePublic(JsonGenerator json, PublicGroup group, List<Meeting> nextMeetings)
            throws IOException {
        json.writeStartObject();
        writePublicFields(json, group, nextMeetings);
        json.writeEndObject();
    }
}
