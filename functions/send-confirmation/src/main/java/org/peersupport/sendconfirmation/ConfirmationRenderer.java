package org.peersupport.sendconfirmation;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.peersupport.shared.model.MeetingDetails;
import org.peersupport.shared.model.PublicGroup;
import org.peersupport.shared.schedule.Meeting;

/**
 * Renders the details email (the group's details, sent after the confirm step) from the templates
 * under {@code src/main/resources} (one subject, text and HTML template per language), compiled
 * once per container with jmustache: every value is HTML-escaped in the HTML part and none in the
 * text part, where anything the person typed is first reduced to one line of printable text.
 */
public final class ConfirmationRenderer {
    /** The languages there are templates for; anything else gets English. */
    public static final List<String> LANGUAGES = List.of("en", "es");
    /** create-signup's limit on first names; a longer stored name is cut, not trusted. */
    static final int MAX_NAME = 50;

    private final String orgName;
    private final String publicBaseUrl;
    private final Map<String, Language> languages = new HashMap<>();

    /** What the templates need about one sign-up. */
    public record Confirmation(String language, String firstName, boolean waitlisted, PublicGroup group,
                               MeetingDetails details, List<Meeting> nextMeetings, String withdrawToken) {
    }

    /** The rendered parts. */
    public record Rendered(String subject, String text, String html) {
    }

    private record Language(Locale locale, DateTimeFormatter date, DateTimeFormatter time, String range,
                            Template subject, Template text, Template html) {
    }

    public ConfirmationRenderer(String orgName, String publicBaseUrl) {
        this.orgName = orgName;
        this.publicBaseUrl = publicBaseUrl;
        Mustache.Compiler text = Mustache.compiler().escapeHTML(false).strictSections(true).nullValue("");
        Mustache.Compiler html = Mustache.compiler().escapeHTML(true).strictSections(true).nullValue("");
        Locale en = Locale.US;
        Locale es = Locale.forLanguageTag("es-US");
        languages.put("en", new Language(en, DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu", en),
                DateTimeFormatter.ofPattern("h:mm a", en), "%s, %s to %s %s",
                load(text, "subject.en.txt"), load(text, "confirmation.en.txt"), load(html, "confirmation.en.html")));
        languages.put("es", new Language(es, DateTimeFormatter.ofPattern("EEEE, d 'de' MMMM 'de' uuuu", es),
                DateTimeFormatter.ofPattern("HH:mm", es), "%s, de %s a %s %s",
                load(text, "subject.es.txt"), load(text, "confirmation.es.txt"), load(html, "confirmation.es.html")));
    }

    public static String language(String requested) {
        return LANGUAGES.contains(requested) ? requested : "en";
    }

    public Rendered render(Confirmation c) {
        Language lang = languages.get(language(c.language()));
        Map<String, Object> model = model(c, lang);
        String subject = lang.subject().execute(model).strip();
        model.put("subject", subject);
        return new Rendered(subject, lang.text().execute(model), lang.html().execute(model));
    }

    /** The calendar link for a group (its id is validated lower-case words, encoded all the same). */
    public String calendarUrl(String groupId) {
        return publicBaseUrl + "/groups/" + URLEncoder.encode(groupId, StandardCharsets.UTF_8) + "/calendar.ics";
    }

    public String withdrawUrl(String token) {
        return publicBaseUrl + "/signups/withdraw?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private Map<String, Object> model(Confirmation c, Language lang) {
        PublicGroup group = c.group();
        MeetingDetails d = c.details() == null ? MeetingDetails.NONE : c.details();
        Map<String, Object> m = new HashMap<>();
        m.put("orgName", orgName);
        String name = oneLine(c.firstName(), MAX_NAME);
        m.put("firstName", name);
        m.put("hasFirstName", !name.isEmpty());
        m.put("groupName", group.name());
        m.put("waitlisted", c.waitlisted());
        List<String> meetings = new ArrayList<>();
        for (Meeting meeting : c.nextMeetings()) {
            meetings.add(when(meeting, lang));
        }
        m.put("meetings", meetings);
        m.put("hasMeetings", !meetings.isEmpty());
        m.put("zoneName", group.schedule().timezone().getDisplayName(TextStyle.FULL, lang.locale()));
        m.put("zoneId", group.schedule().timezone().getId());
        // A waitlisted person has no place yet: where and how to join come when they do.
        boolean joining = !c.waitlisted();
        String address = joining && group.format().hasPlace() ? blankToNull(d.address()) : null;
        String url = joining && group.format().hasOnlineAccess() && isHttps(d.meetingUrl()) ? d.meetingUrl() : null;
        String phone = joining && group.format().hasOnlineAccess() ? blankToNull(d.meetingPhone()) : null;
        m.put("joining", joining && (address != null || url != null || phone != null));
        m.put("hasAddress", address != null);
        m.put("address", address);
        m.put("addressLines", lines(address));
        m.put("hasMeetingUrl", url != null);
        m.put("meetingUrl", url);
        m.put("hasMeetingPhone", phone != null);
        m.put("meetingPhone", phone);
        String facilitatorName = blankToNull(d.facilitatorName());
        String facilitatorEmail = blankToNull(d.facilitatorEmail());
        m.put("hasFacilitator", facilitatorName != null || facilitatorEmail != null);
        m.put("facilitatorName", facilitatorName);
        m.put("hasFacilitatorName", facilitatorName != null);
        m.put("facilitatorEmail", facilitatorEmail);
        m.put("hasFacilitatorEmail", facilitatorEmail != null);
        String notes = joining ? blankToNull(d.notesForRegistrants()) : null;
        m.put("hasNotes", notes != null);
        m.put("notes", notes);
        m.put("notesLines", lines(notes));
        m.put("calendarUrl", calendarUrl(group.id()));
        m.put("withdrawUrl", withdrawUrl(c.withdrawToken()));
        return m;
    }

    private static String when(Meeting meeting, Language lang) {
        String date = lang.date().format(meeting.start());
        String start = lang.time().format(meeting.start());
        String end = meeting.end().toLocalDate().equals(meeting.start().toLocalDate())
                ? lang.time().format(meeting.end())
                : lang.date().format(meeting.end()) + ", " + lang.time().format(meeting.end());
        String zone = DateTimeFormatter.ofPattern("z", lang.locale()).format(meeting.start());
        String text = String.format(lang.locale(), lang.range(), date, start, end, zone);
        // Spanish day names are lower case; a list item still starts with a capital.
        return text.substring(0, 1).toUpperCase(lang.locale()) + text.substring(1);
    }

    /**
     * Text the person typed, made safe for any part: control, format and line-separator
     * characters become spaces (a name cannot start a new line of the message, or turn text
     * right-to-left), runs of spaces collapse, and it is cut to {@code max} characters.
     */
    static String oneLine(String value, int max) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max * 2));
        int count = 0;
        boolean space = false;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            boolean blank = Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.CONTROL
                    || (type == Character.FORMAT && cp != 0x200C && cp != 0x200D)
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.UNASSIGNED || type == Character.SURROGATE || type == Character.PRIVATE_USE;
            if (blank) {
                space = true;
                continue;
            }
            int needed = space && count > 0 ? 2 : 1;
            if (count + needed > max) {
                break;
            }
            if (needed == 2) {
                out.append(' ');
            }
            out.appendCodePoint(cp);
            count += needed;
            space = false;
        }
        return out.toString();
    }

    private static List<String> lines(String value) {
        List<String> lines = new ArrayList<>();
        if (value != null) {
            for (String line : value.split("\\R")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        return lines;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean isHttps(String url) {
        return url != null && url.startsWith("https://") && url.chars().noneMatch(ch -> ch <= ' ' || ch == '"');
    }

    static Template load(Mustache.Compiler compiler, String name) {
        try (InputStream in = ConfirmationRenderer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing template " + name);
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return compiler.compile(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
