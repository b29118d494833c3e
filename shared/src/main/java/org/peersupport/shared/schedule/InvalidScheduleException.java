package org.peersupport.shared.schedule;

/**
 * A schedule that cannot be read exactly as written. The message is meant for the staff member
 * who wrote it, and never contains anything a sign-up submitted.
 */
public final class InvalidScheduleException extends IllegalArgumentException {
    private final String field;

    public InvalidScheduleException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The schedule field the problem is in: {@code rrule}, {@code startDate}, {@code timezone}... */
    public String field() {
        return field;
    }
}
