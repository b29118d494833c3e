package org.peersupport.shared.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.peersupport.shared.schedule.Schedule;

/**
 * Everything about a group that may be shown to anyone. It has no private field at all, so a
 * public response built from it cannot leak one: private details live in {@link SignupRules}
 * and {@link MeetingDetails}.
 *
 * @param lastVerified the date (in the organisation's time zone) staff last confirmed the listing
 *                     is right, or null if nobody has yet
 * @param requiresEmergencyContact public, so a person sees every field the form will ask for
 *                                 before they start
 */
public record PublicGroup(String id, String name, String program, Audience audience, String description,
                          List<String> languages, Format format, String area, List<String> accessibility,
                          Schedule schedule, GroupStatus status, Instant updatedAt, LocalDate lastVerified,
                          boolean requiresEmergencyContact) {
    public PublicGroup {
        languages = List.copyOf(languages);
        accessibility = List.copyOf(accessibility);
        updatedAt = updatedAt.truncatedTo(ChronoUnit.SECONDS);
    }
}
