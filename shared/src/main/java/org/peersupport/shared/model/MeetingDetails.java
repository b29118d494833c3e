package org.peersupport.shared.model;

/**
 * Where and how to join, and whom to contact: shared only with registrants (in the confirmation
 * email) and staff. Stored in a table of its own that public-facing functions cannot read.
 * Every field may be null.
 */
public record MeetingDetails(String address, String meetingUrl, String meetingPhone, String facilitatorName,
                             String facilitatorEmail, String notesForRegistrants) {
    public static final MeetingDetails NONE = new MeetingDetails(null, null, null, null, null, null);
}
