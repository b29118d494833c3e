package org.peersupport.exportsignups;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.peersupport.shared.model.GroupInput;
import org.peersupport.shared.schedule.InvalidScheduleException;
import org.peersupport.shared.schedule.Schedule;

/**
 * The query of {@code GET /staff/signups}: which sign-ups ({@code groupId}, {@code since},
 * {@code until}), how ({@code format}, {@code limit}) and from where ({@code cursor}). Dates are
 * days in the organisation's time zone, both ends included.
 */
public record ExportRequest(String groupId, LocalDate since, LocalDate until, Format format, int limit,
                            String cursor) {
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 5000;
    private static final Set<String> KNOWN = Set.of("groupId", "since", "until", "format", "limit", "cursor");
    /** Bounds compared with stored {@code createdAt} text: whole seconds, no zone letter (see {@link #createdFrom}). */
    private static final DateTimeFormatter BOUND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(java.time.ZoneOffset.UTC);

    public enum Format {
        CSV, JSON
    }

    /** Problems with the query, by parameter; messages never repeat the value. */
    public static final class InvalidExportRequestException extends IllegalArgumentException {
        private final Map<String, String> fields;

        InvalidExportRequestException(Map<String, String> fields) {
            super("invalid export request: " + fields.keySet());
            this.fields = Map.copyOf(fields);
        }

        public Map<String, String> fields() {
            return fields;
        }
    }

    public static ExportRequest parse(Map<String, String> query) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String name : query.keySet()) {
            if (!KNOWN.contains(name)) {
                errors.put(name, "This parameter is not accepted.");
            }
        }
        String groupId = blankToNull(query.get("groupId"));
        if (groupId != null && !GroupInput.isValidId(groupId)) {
            errors.put("groupId", "Use a group id: lower-case letters, digits and hyphens.");
            groupId = null;
        }
        LocalDate since = date("since", query.get("since"), errors);
        LocalDate until = date("until", query.get("until"), errors);
        if (since != null && until != null && until.isBefore(since)) {
            errors.put("until", "Use a date on or after since.");
        }
        Format format = Format.CSV;
        String formatText = blankToNull(query.get("format"));
        if (formatText != null) {
            switch (formatText) {
                case "csv" -> format = Format.CSV;
                case "json" -> format = Format.JSON;
                default -> errors.put("format", "Use csv or json.");
            }
        }
        int limit = DEFAULT_LIMIT;
        String limitText = blankToNull(query.get("limit"));
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT || !limitText.matches("[0-9]{1,4}")) {
                errors.put("limit", "Use a whole number from 1 to " + MAX_LIMIT + ".");
            }
        }
        String cursor = blankToNull(query.get("cursor"));
        if (!errors.isEmpty()) {
            throw new InvalidExportRequestException(errors);
        }
        return new ExportRequest(groupId, since, until, format, limit, cursor);
    }

    /**
     * The lower bound for {@code createdAt} (inclusive), or null. Stored times are ISO instants in
     * UTC ({@code ...T07:00:00Z} or {@code ...T07:00:00.123Z}); a bound without the zone letter
     * sorts before every time in its second, so plain text comparison is exact.
     */
    public String createdFrom(ZoneId zone) {
        return since == null ? null : BOUND.format(startOf(since, zone));
    }

    /** The upper bound for {@code createdAt} (exclusive: the start of the day after {@code until}), or null. */
    public String createdBefore(ZoneId zone) {
        return until == null ? null : BOUND.format(startOf(until.plusDays(1), zone));
    }

    /** The filters as text, for the cursor's fingerprint and the audit record (no personal data). */
    public Map<String, String> filters() {
        Map<String, String> filters = new LinkedHashMap<>();
        if (groupId != null) {
            filters.put("groupId", groupId);
        }
        if (since != null) {
            filters.put("since", Schedule.dateText(since));
        }
        if (until != null) {
            filters.put("until", Schedule.dateText(until));
        }
        return filters;
    }

    private static Instant startOf(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toInstant();
    }

    private static LocalDate date(String name, String text, Map<String, String> errors) {
        String value = blankToNull(text);
        if (value == null) {
            return null;
        }
        try {
            return Schedule.date(name, value);
        } catch (InvalidScheduleException e) {
            errors.put(name, "Use a date as YYYY-MM-DD.");
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
