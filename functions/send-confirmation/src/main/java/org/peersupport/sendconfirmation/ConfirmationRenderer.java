package org.peersupport.sendconfirmation;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.peersupport.shared.model.MeetingDetails;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.model.PublicGroup;
import org.peersupport.shared.notices.MeetingChange;
import org.peersupport.shared.schedule.Meeting;

/**
 * Renders the emails about a group: the details email (sent after the confirm step) and the
 * messages after it — the reminder, the change notice and the place-opened notice — from the
 * templates under {@code src/main/resources} (one subject, text and HTML template per kind and
 * language), compiled once per container with jmustache: every value is HTML-escaped in the HTML
 * part and none in the text part, where anything the person typed is first reduced to one line of
 * printable text. Each carries what the details email does (when, where for those with a place,
 * whom to ask, the 988 line, the withdraw link), after its own opening.
 */
public final class ConfirmationRenderer {
    /** The languages there are templates for; anything else gets English. */
    public static final List<String> LANGUAGES = List.of("en", "es");
    /** create-signup's limit on first names; a longer stored name is cut, not trusted. */
    static final int MAX_NAME = 50;

    private final String orgName;
    private final String publicBaseUrl;
    private final String uidDomain;
    private final Map<String, Language> languages = new HashMap<>();

    /** What the templates need about one sign-up. */
    public record Confirmation(String language, String firstName, boolean waitlisted, PublicGroup group,
                               MeetingDetails details, List<Meeting> nextMeetings, String withdrawToken) {
    }

    /**
     * What a message after the details email is about: the meeting a reminder is for, or the
     * changes a change notice tells of (empty for the others).
     */
    public record About(Meeting reminded, List<MeetingChange> changes) {
        public static final About NOTHING = new About(null, List.of());
    }

    /** The rendered parts; {@code calendar} is the person's calendar file, or null for none. */
    public record Rendered(String subject, String text, String html, String calendar) {
        public Rendered(String subject, String text, String html) {
            this(subject, text, html, null);
        }

        Rendered withCalendar(String file) {
            return new Rendered(subject, text, html, file);
        }
    }

    /** The template files' names for each kind: subject, then text and HTML bodies, before ".{lang}.{ext}". */
    private static final Map<MessageKind, String[]> FILES = Map.of(
            MessageKind.DETAILS, new String[] {"subject", "confirmation"},
            MessageKind.REMINDER, new String[] {"reminder-subject", "reminder"},
            MessageKind.CHANGE_NOTICE, new String[] {"change-notice-subject", "change-notice"},
            MessageKind.PLACE_OPENED, new String[] {"place-opened-subject", "place-opened"});

    private record Language(Locale locale, DateTimeFormatter date, DateTimeFormatter time, String range,
                            DateTimeFormatter day, String and, String dayPrefix, Map<MessageKind, Template[]> templates) {
    }

    public ConfirmationRenderer(String orgName, String publicBaseUrl) {
        this.orgName = orgName;
        this.publicBaseUrl = publicBaseUrl;
        this.uidDomain = URI.create(publicBaseUrl).getHost();
        // Partials: every HTML email opens with email-start.html, and the details email and the
        // messages after it share one details part, after-signup-details.{lang}.*.
        Mustache.Compiler text = Mustache.compiler().escapeHTML(false).strictSections(true).nullValue("")
                .withLoader(ConfirmationRenderer::resource);
        Mustache.Compiler html = Mustache.compiler().escapeHTML(true).strictSections(true).nullValue("")
                .withLoader(ConfirmationRenderer::resource);
        Locale en = Locale.US;
        Locale es = Locale.forLanguageTag("es-US");
        languages.put("en", new Language(en, DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu", en),
                DateTimeFormatter.ofPattern("h:mm a", en), "%s, %s to %s %s",
                DateTimeFormatter.ofPattern("EEEE, MMMM d", en), " and ", "", templates(text, html, "en")));
        languages.put("es", new Language(es, DateTimeFormatter.ofPattern("EEEE, d 'de' MMMM 'de' uuuu", es),
                DateTimeFormatter.ofPattern("HH:mm", es), "%s, de %s a %s %s",
                DateTimeFormatter.ofPattern("EEEE d 'de' MMMM", es), " y ", "el ", templates(text, html, "es")));
    }

    private static Map<MessageKind, Template[]> templates(Mustache.Compiler text, Mustache.Compiler html, String lang) {
        Map<MessageKind, Template[]> out = new EnumMap<>(MessageKind.class);
        FILES.forEach((kind, names) -> out.put(kind, new Template[] {load(text, names[0] + "." + lang + ".txt"),
            load(text, names[1] + "." + lang + ".txt"), load(html, names[1] + "." + lang + ".html")}));
        return out;
    }

    public static String language(String requested) {
        return LANGUAGES.contains(requested) ? requested : "en";
    }

    /** The details email. */
    public Rendered render(Confirmation c) {
        return render(MessageKind.DETAILS, c, About.NOTHING);
    }

    /** An email of {@code kind} (the details email, or one of the messages after it). */
    public Rendered render(MessageKind kind, Confirmation c, About about) {
        Language lang = languages.get(language(c.language()));
        Template[] t = lang.templates().get(kind);
        if (t == null) {
            throw new IllegalArgumentException("no templates for " + kind);
        }
        Map<String, Object> model = model(c, lang);
        model.put("lang", language(c.language()));
        model.put("calendarFile", carriesCalendar(kind, c));
        about(model, about, lang);
        String subject = t[0].execute(model).strip();
        model.put("subject", subject);
        return new Rendered(subject, t[1].execute(model), t[2].execute(model));
    }

    /**
     * What a reminder or a change notice adds: the meeting reminded of; the changes, each one
     * sentence in the person's language; and, when the group no longer meets (paused, ended), no
     * meetings or joining details at all.
     */
    private void about(Map<String, Object> m, About about, Language lang) {
        m.put("reminderWhen", about.reminded() == null ? null : when(about.reminded(), lang));
        List<String> sentences = new ArrayList<>();
        boolean meetsNoMore = false;
        for (MeetingChange change : about.changes()) {
            sentences.add(String.format(lang.locale(), CHANGES.get(lang.locale().getLanguage()).get(change.kind()),
                    days(change.kind() == MeetingChange.Kind.RESUMED ? change.dates().subList(0, 1) : change.dates(),
                            lang)));
            meetsNoMore |= change.kind() == MeetingChange.Kind.PAUSED || change.kind() == MeetingChange.Kind.ARCHIVED;
        }
        m.put("changes", sentences);
        m.put("meetsNoMore", meetsNoMore);
        if (meetsNoMore) {
            m.put("hasMeetings", false);
            m.put("joining", false);
        }
    }

    /** Dates as a sentence names them: "Tuesday, December 22 and Tuesday, December 29". */
    private static String days(List<LocalDate> dates, Language lang) {
        List<String> names = new ArrayList<>(dates.size());
        for (LocalDate date : dates) {
            names.add(lang.dayPrefix() + lang.day().format(date));
        }
        if (names.size() <= 1) {
            return names.isEmpty() ? "" : names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + lang.and() + names.get(names.size() - 1);
    }

    /**
     * One sentence per kind of change, per language; {@code %s} is the dates. Plain words, no
     * blame, and for a group that stops meeting, what happens next.
     */
    private static final Map<String, Map<MeetingChange.Kind, String>> CHANGES = Map.of(
            "en", Map.of(
                    MeetingChange.Kind.CANCELLED, "There will be no meeting on %s.",
                    MeetingChange.Kind.ADDED, "There will be a meeting on %s.",
                    MeetingChange.Kind.TIME, "The meeting time has changed on %s. The new times are below.",
                    MeetingChange.Kind.DURATION, "The meeting will end at a different time on %s. The new times are below.",
                    MeetingChange.Kind.ADDRESS, "The address where the group meets has changed.",
                    MeetingChange.Kind.MEETING_URL, "The link to join the meeting online has changed.",
                    MeetingChange.Kind.MEETING_PHONE, "The phone number to join the meeting has changed.",
                    MeetingChange.Kind.PAUSED, "The group is taking a break: there will be no meetings until further"
                            + " notice, so no meeting on %s. We will write to you when it meets again.",
                    MeetingChange.Kind.RESUMED, "The group is meeting again; the first meeting is on %s.",
                    MeetingChange.Kind.ARCHIVED, "The group has come to an end and will not meet again, so there"
                            + " will be no meeting on %s. We are sorry for the change."),
            "es", Map.of(
                    MeetingChange.Kind.CANCELLED, "No habrá reunión %s.",
                    MeetingChange.Kind.ADDED, "Habrá reunión %s.",
                    MeetingChange.Kind.TIME, "La reunión tiene un nuevo horario %s. Abajo están los horarios.",
                    MeetingChange.Kind.DURATION, "La reunión terminará a otra hora %s. Abajo están los horarios.",
                    MeetingChange.Kind.ADDRESS, "Cambió la dirección donde se reúne el grupo.",
                    MeetingChange.Kind.MEETING_URL, "Cambió el enlace para participar en línea.",
                    MeetingChange.Kind.MEETING_PHONE, "Cambió el número de teléfono para participar.",
                    MeetingChange.Kind.PAUSED, "El grupo hará una pausa: no habrá reuniones hasta nuevo aviso, así"
                            + " que no habrá reunión %s. Le escribiremos cuando vuelva a reunirse.",
                    MeetingChange.Kind.RESUMED, "El grupo vuelve a reunirse; la primera reunión será %s.",
                    MeetingChange.Kind.ARCHIVED, "El grupo terminó y ya no se reunirá, así que no habrá reunión %s."
                            + " Lamentamos el cambio."));

    /**
     * The calendar link for a group (its id is validated lower-case words, encoded all the same): its
     * neutral calendar, whose events carry only the organisation's name, because the person may add
     * it to a calendar others see.
     */
    public String calendarUrl(String groupId) {
        return publicBaseUrl + "/groups/" + URLEncoder.encode(groupId, StandardCharsets.UTF_8)
                + "/calendar.ics?titles=neutral";
    }

    /**
     * Where and how a person with a place joins: the address for a group that meets in a place,
     * the https link and phone number for one that meets online. Nothing for someone waitlisted.
     */
    static PersonalCalendar.Place place(Confirmation c) {
        if (c.waitlisted()) {
            return new PersonalCalendar.Place(null, null, null);
        }
        PublicGroup group = c.group();
        MeetingDetails d = c.details() == null ? MeetingDetails.NONE : c.details();
        boolean online = group.format().hasOnlineAccess();
        return new PersonalCalendar.Place(group.format().hasPlace() ? blankToNull(d.address()) : null,
                online && isHttps(d.meetingUrl()) ? d.meetingUrl() : null,
                online ? blankToNull(d.meetingPhone()) : null);
    }

    /**
     * The person's calendar file for an email of {@code kind}, or null: only the emails that give
     * a place (the details email, a place opening up) carry one, and only with somewhere to go.
     */
    public String calendar(MessageKind kind, Confirmation c, Instant now) {
        if (!carriesCalendar(kind, c)) {
            return null;
        }
        return PersonalCalendar.write(orgName, c.group().id(), c.nextMeetings(), place(c), language(c.language()), now,
                uidDomain);
    }

    private static boolean carriesCalendar(MessageKind kind, Confirmation c) {
        return (kind == MessageKind.DETAILS || kind == MessageKind.PLACE_OPENED) && !c.nextMeetings().isEmpty()
                && !place(c).isEmpty();
    }

    /** The withdraw link; in Spanish, its pages open in Spanish whatever the browser's language. */
    public String withdrawUrl(String token, String language) {
        return publicBaseUrl + "/signups/withdraw?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + ("es".equals(language(language)) ? "&lang=es" : "");
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
        PersonalCalendar.Place place = place(c);
        String address = place.address();
        String url = place.meetingUrl();
        String phone = place.meetingPhone();
        m.put("joining", joining && !place.isEmpty());
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
        m.put("calendarFileName", PersonalCalendar.FILE_NAME);
        m.put("withdrawUrl", withdrawUrl(c.withdrawToken(), c.language()));
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
        try (Reader reader = resource(name)) {
            return compiler.compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A template file beside this class (a partial too); compiled once per container. */
    static Reader resource(String name) {
        InputStream in = ConfirmationRenderer.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Missing template " + name);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
