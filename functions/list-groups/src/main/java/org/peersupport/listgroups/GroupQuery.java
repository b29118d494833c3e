package org.peersupport.listgroups;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.peersupport.shared.json.Text;
import org.peersupport.shared.model.Audience;
import org.peersupport.shared.model.Format;
import org.peersupport.shared.model.GroupInput;
import org.peersupport.shared.model.PublicGroup;
import org.peersupport.shared.schedule.RecurrenceRule;

/**
 * The filters of {@code GET /groups}. Every filter is optional; {@code audience}, {@code format},
 * {@code language} and {@code day} take one value or several separated by commas (any may match);
 * {@code area} matches groups whose area contains it. Case is ignored throughout. A visitor asking for groups
 * for themselves also gets groups for both, and one asking for online groups also gets hybrid ones.
 */
public record GroupQuery(Set<Audience> audiences, Set<Format> formats, Set<String> languages,
                         Set<DayOfWeek> days, String area) {

    public static final GroupQuery ALL = new GroupQuery(Set.of(), Set.of(), Set.of(), Set.of(), null);
    private static final Set<String> NAMES = Set.of("audience", "format", "language", "day", "area");

    /** Thrown with a message per bad parameter; the messages never repeat the values sent. */
    public static final class InvalidQueryException extends IllegalArgumentException {
        private final Map<String, String> fields;

        InvalidQueryException(Map<String, String> fields) {
            super("invalid query " + fields.keySet());
            this.fields = fields;
        }

        public Map<String, String> fields() {
            return fields;
        }
    }

    public static GroupQuery parse(Map<String, String> query) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String name : new TreeSet<>(query.keySet())) {
            if (!NAMES.contains(name)) {
                errors.put(name, "This filter is not supported. Use audience, format, language, day or area.");
            }
        }
        Set<Audience> audiences = EnumSet.noneOf(Audience.class);
        for (String value : values(query.get("audience"))) {
            Audience audience = Audience.of(value.toLowerCase(Locale.ROOT));
            if (audience == null) {
                errors.put("audience", "Use self, family or both.");
            } else {
                audiences.add(audience);
            }
        }
        Set<Format> formats = EnumSet.noneOf(Format.class);
        for (String value : values(query.get("format"))) {
            Format format = Format.of(value.toLowerCase(Locale.ROOT));
            if (format == null) {
                errors.put("format", "Use in_person, online or hybrid.");
            } else {
                formats.add(format);
            }
        }
        Set<String> languages = new TreeSet<>();
        for (String value : values(query.get("language"))) {
            String code = value.toLowerCase(Locale.ROOT);
            if (!GroupInput.isLanguage(code)) {
                errors.put("language", "Use a two-letter language code, such as en or es.");
            } else {
                languages.add(code);
            }
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String value : values(query.get("day"))) {
            DayOfWeek day = RecurrenceRule.dayOf(value.toUpperCase(Locale.ROOT));
            if (day == null) {
                errors.put("day", "Use MO, TU, WE, TH, FR, SA or SU.");
            } else {
                days.add(day);
            }
        }
        String area = query.get("area");
        if (area != null) {
            area = area.strip();
            if (area.isEmpty()) {
                area = null;
            } else if (area.length() > 120 || !Text.isClean(area, false)) {
                errors.put("area", "Use part of an area's name, up to 120 characters.");
                area = null;
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        return new GroupQuery(audiences, formats, languages, days, area);
    }

    /** An empty parameter ({@code ?day=}) filters nothing, like an absent one. */
    private static Iterable<String> values(String raw) {
        Set<String> values = new TreeSet<>();
        if (raw != null) {
            for (String value : raw.split(",", -1)) {
                if (!value.isBlank()) {
                    values.add(value.strip());
                }
            }
        }
        return values;
    }

    public boolean matches(PublicGroup group) {
        return (audiences.isEmpty() || audiences.stream().anyMatch(a -> a.servedBy(group.audience())))
                && (formats.isEmpty() || formats.stream().anyMatch(f -> f.servedBy(group.format())))
                && (languages.isEmpty() || group.languages().stream().anyMatch(languages::contains))
                && (days.isEmpty() || group.schedule().weekdays().stream().anyMatch(days::contains))
                && (area == null || group.area().toLowerCase(Locale.ROOT).contains(area.toLowerCase(Locale.ROOT)));
    }
}
