package org.peersupport.local.events;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression: {@code rate(5 minutes)} or
 * {@code cron(minutes hours day-of-month month day-of-week year)} with {@code * ? , - /}, month and
 * weekday names, weekdays numbered 1 (SUN) to 7 (SAT). {@code L}, {@code W} and {@code #} are not
 * supported here and are refused with a message, rather than run at the wrong times.
 */
public final class ScheduleExpression {
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String text;
    private final Duration rate;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final BitSet years;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private ScheduleExpression(String text, Duration rate, BitSet[] cron, boolean anyDayOfMonth, boolean anyDayOfWeek) {
        this.text = text;
        this.rate = rate;
        this.minutes = cron == null ? null : cron[0];
        this.hours = cron == null ? null : cron[1];
        this.daysOfMonth = cron == null ? null : cron[2];
        this.months = cron == null ? null : cron[3];
        this.daysOfWeek = cron == null ? null : cron[4];
        this.years = cron == null ? null : cron[5];
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
    }

    public static ScheduleExpression parse(String expression) {
        String text = expression.trim();
        Matcher rate = RATE.matcher(text);
        if (rate.matches()) {
            long n = Long.parseLong(rate.group(1));
            if (n < 1) {
                throw new IllegalArgumentException("A rate must be at least 1: " + text);
            }
            String unit = rate.group(2);
            Duration period = unit.startsWith("minute") ? Duration.ofMinutes(n)
                    : unit.startsWith("hour") ? Duration.ofHours(n) : Duration.ofDays(n);
            return new ScheduleExpression(text, period, null, false, false);
        }
        Matcher cron = CRON.matcher(text);
        if (!cron.matches()) {
            throw new IllegalArgumentException("Not a rate() or cron() expression: " + text);
        }
        String[] fields = cron.group(1).trim().split("\\s+");
        if (fields.length != 6) {
            throw new IllegalArgumentException("A cron expression has six fields: " + text);
        }
        boolean anyDom = fields[2].equals("?");
        boolean anyDow = fields[4].equals("?");
        if (anyDom == anyDow) {
            throw new IllegalArgumentException("Exactly one of day-of-month and day-of-week must be '?': " + text);
        }
        BitSet[] sets = {
            field(fields[0], 0, 59, null, 0),
            field(fields[1], 0, 23, null, 0),
            anyDom ? all(1, 31) : field(fields[2], 1, 31, null, 0),
            field(fields[3], 1, 12, MONTHS, 1),
            anyDow ? all(1, 7) : field(fields[4], 1, 7, DAYS, 1),
            field(fields[5], 1970, 2199, null, 0),
        };
        return new ScheduleExpression(text, null, sets, anyDom, anyDow);
    }

    public boolean isRate() {
        return rate != null;
    }

    public Duration rate() {
        return rate;
    }

    /** The first time strictly after {@code after} at which the schedule fires, or null if none within five years. */
    public ZonedDateTime next(ZonedDateTime after) {
        if (rate != null) {
            return after.plus(rate);
        }
        ZonedDateTime start = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZoneId zone = after.getZone();
        for (LocalDate day = start.toLocalDate(); day.isBefore(start.toLocalDate().plusYears(5)); day = day.plusDays(1)) {
            if (!years.get(day.getYear()) || !months.get(day.getMonthValue()) || !dayMatches(day)) {
                continue;
            }
            for (int hour = hours.nextSetBit(0); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                for (int minute = minutes.nextSetBit(0); minute >= 0; minute = minutes.nextSetBit(minute + 1)) {
                    ZonedDateTime candidate = ZonedDateTime.of(day, LocalTime.of(hour, minute), zone);
                    if (!candidate.isBefore(start)) {
                        return candidate;
                    }
                }
            }
        }
        return null;
    }

    private boolean dayMatches(LocalDate day) {
        int dow = day.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : day.getDayOfWeek().getValue() + 1;
        return (anyDayOfMonth || daysOfMonth.get(day.getDayOfMonth())) && (anyDayOfWeek || daysOfWeek.get(dow));
    }

    private static BitSet field(String spec, int min, int max, List<String> names, int nameBase) {
        BitSet set = new BitSet();
        for (String part : spec.toUpperCase(Locale.ROOT).split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] bounds = range.split("-", 2);
                from = value(bounds[0], names, nameBase);
                to = value(bounds[1], names, nameBase);
            } else {
                from = value(range, names, nameBase);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to || step < 1) {
                throw new IllegalArgumentException("Out of range in cron field: " + spec);
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int value(String token, List<String> names, int nameBase) {
        if (names != null && names.contains(token)) {
            return names.indexOf(token) + nameBase;
        }
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not supported locally (L, W and # are not): " + token, e);
        }
    }

    private static BitSet all(int from, int to) {
        BitSet set = new BitSet();
        set.set(from, to + 1);
        return set;
    }

    @Override
    public String toString() {
        return text;
    }
}
