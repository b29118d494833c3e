package org.peersupport.shared.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The supported subset of an RFC 5545 RRULE: {@code FREQ=WEEKLY} with {@code INTERVAL} and plain
 * {@code BYDAY}, and {@code FREQ=MONTHLY} with {@code INTERVAL} and ordinal {@code BYDAY}
 * ({@code 1TH,3TH}, {@code -1FR}). Anything else is rejected rather than guessed at, so that what
 * a calendar application shows and what the listing shows are always the same meetings.
 */
public record RecurrenceRule(Frequency frequency, int interval, List<WeekdayNum> byDay) {

    public enum Frequency { WEEKLY, MONTHLY }

    /** A {@code BYDAY} entry: a weekday with an ordinal (1..5, -1..-5) or none (0). */
    public record WeekdayNum(int ordinal, DayOfWeek day) {
        @Override
        public String toString() {
            return (ordinal == 0 ? "" : Integer.toString(ordinal)) + code(day);
        }
    }

    public static final int MAX_INTERVAL = 12;

    public RecurrenceRule {
        byDay = List.copyOf(byDay);
    }

    /** Parses and validates; the message of the exception says what to write instead. */
    public static RecurrenceRule parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("Enter a recurrence rule such as FREQ=WEEKLY;BYDAY=TU.");
        }
        String rule = text.trim();
        if (rule.regionMatches(true, 0, "RRULE:", 0, 6)) {
            rule = rule.substring(6);
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : rule.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw invalid("Write the rule as NAME=VALUE parts separated by semicolons.");
            }
            String name = part.substring(0, eq).toUpperCase(Locale.ROOT);
            if (parts.put(name, part.substring(eq + 1).toUpperCase(Locale.ROOT)) != null) {
                throw invalid("The rule names " + name + " twice.");
            }
        }
        for (String name : parts.keySet()) {
            if (!Set.of("FREQ", "INTERVAL", "BYDAY").contains(name)) {
                throw invalid(name + " is not supported; use FREQ, INTERVAL and BYDAY.");
            }
        }
        Frequency frequency;
        String freq = parts.get("FREQ");
        if ("WEEKLY".equals(freq)) {
            frequency = Frequency.WEEKLY;
        } else if ("MONTHLY".equals(freq)) {
            frequency = Frequency.MONTHLY;
        } else {
            throw invalid("FREQ must be WEEKLY or MONTHLY.");
        }
        int interval = 1;
        if (parts.containsKey("INTERVAL")) {
            String value = parts.get("INTERVAL");
            if (!value.matches("[0-9]{1,3}")
                    || (interval = Integer.parseInt(value)) < 1 || interval > MAX_INTERVAL) {
                throw invalid("INTERVAL must be a whole number from 1 to " + MAX_INTERVAL + ".");
            }
        }
        List<WeekdayNum> byDay = new ArrayList<>();
        if (parts.containsKey("BYDAY")) {
            for (String entry : parts.get("BYDAY").split(",", -1)) {
                WeekdayNum day = parseWeekdayNum(entry);
                if (frequency == Frequency.WEEKLY && day.ordinal() != 0) {
                    throw invalid("Weekly rules take plain days in BYDAY, such as MO or TU,TH.");
                }
                if (frequency == Frequency.MONTHLY && day.ordinal() == 0) {
                    throw invalid("Monthly rules need a numbered day in BYDAY, such as 1TH or -1FR.");
                }
                if (byDay.contains(day)) {
                    throw invalid("BYDAY names " + day + " twice.");
                }
                byDay.add(day);
            }
        } else if (frequency == Frequency.MONTHLY) {
            throw invalid("Monthly rules need BYDAY with a numbered day, such as 1TH or -1FR.");
        }
        byDay.sort(Comparator.comparing(WeekdayNum::day).thenComparing(WeekdayNum::ordinal));
        return new RecurrenceRule(frequency, interval, byDay);
    }

    private static WeekdayNum parseWeekdayNum(String entry) {
        if (!entry.matches("[+-]?[0-9]?[A-Z]{2}")) {
            throw invalid("BYDAY entries look like MO, TU or, for monthly rules, 1TH or -1FR.");
        }
        String code = entry.substring(entry.length() - 2);
        DayOfWeek day = dayOf(code);
        if (day == null) {
            throw invalid("BYDAY days are MO, TU, WE, TH, FR, SA and SU.");
        }
        String number = entry.substring(0, entry.length() - 2);
        int ordinal = 0;
        if (!number.isEmpty()) {
            if (!number.matches("[+-]?[1-5]")) {
                throw invalid("A numbered BYDAY is 1 to 5 (first to fifth) or -1 to -5 (last to fifth-last).");
            }
            ordinal = Integer.parseInt(number);
        }
        return new WeekdayNum(ordinal, day);
    }

    /** The canonical text, as written to calendars. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("FREQ=").append(frequency);
        if (interval != 1) {
            out.append(";INTERVAL=").append(interval);
        }
        if (!byDay.isEmpty()) {
            out.append(";BYDAY=");
            for (int i = 0; i < byDay.size(); i++) {
                out.append(i == 0 ? "" : ",").append(byDay.get(i));
            }
        }
        return out.toString();
    }

    /** Whether a meeting falls on {@code date}, for a schedule whose first meeting is {@code start}. */
    public boolean occursOn(LocalDate date, LocalDate start) {
        if (date.isBefore(start)) {
            return false;
        }
        if (frequency == Frequency.WEEKLY) {
            long weeks = ChronoUnit.WEEKS.between(weekOf(start), weekOf(date));
            Set<DayOfWeek> days = weeklyDays(start);
            return weeks % interval == 0 && days.contains(date.getDayOfWeek());
        }
        long months = ChronoUnit.MONTHS.between(YearMonth.from(start), YearMonth.from(date));
        if (months % interval != 0) {
            return false;
        }
        for (WeekdayNum entry : byDay) {
            if (date.equals(dateInMonth(YearMonth.from(date), entry))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Meeting dates on or after {@code from}, in order, for a schedule whose first meeting is
     * {@code start}; at most {@code limit} of them, and none more than {@code horizonYears} ahead.
     */
    public List<LocalDate> datesFrom(LocalDate start, LocalDate from, int limit, int horizonYears) {
        List<LocalDate> dates = new ArrayList<>(Math.min(limit, 64));
        LocalDate first = from.isBefore(start) ? start : from;
        LocalDate horizon = first.plusYears(horizonYears);
        if (frequency == Frequency.WEEKLY) {
            Set<DayOfWeek> days = weeklyDays(start);
            LocalDate startWeek = weekOf(start);
            LocalDate week = weekOf(first);
            long offset = Math.floorMod(ChronoUnit.WEEKS.between(startWeek, week), (long) interval);
            if (offset != 0) {
                week = week.plusWeeks(interval - offset);
            }
            for (; !week.isAfter(horizon) && dates.size() < limit; week = week.plusWeeks(interval)) {
                for (DayOfWeek day : days) {
                    LocalDate date = week.plusDays(day.getValue() - 1L);
                    if (!date.isBefore(first) && !date.isAfter(horizon) && dates.size() < limit) {
                        dates.add(date);
                    }
                }
            }
            return dates;
        }
        YearMonth startMonth = YearMonth.from(start);
        YearMonth month = YearMonth.from(first);
        long offset = Math.floorMod(ChronoUnit.MONTHS.between(startMonth, month), (long) interval);
        if (offset != 0) {
            month = month.plusMonths(interval - offset);
        }
        List<LocalDate> inMonth = new ArrayList<>(byDay.size());
        for (; !month.atDay(1).isAfter(horizon) && dates.size() < limit; month = month.plusMonths(interval)) {
            inMonth.clear();
            for (WeekdayNum entry : byDay) {
                LocalDate date = dateInMonth(month, entry);
                // A fifth Thursday does not exist in every month: that month simply has no meeting.
                if (date != null && !inMonth.contains(date)) {
                    inMonth.add(date);
                }
            }
            inMonth.sort(null);
            for (LocalDate date : inMonth) {
                if (!date.isBefore(first) && !date.isAfter(horizon) && dates.size() < limit) {
                    dates.add(date);
                }
            }
        }
        return dates;
    }

    /** The weekdays this rule meets on, for weekly rules; plain days for monthly ones. */
    public Set<DayOfWeek> weekdays(LocalDate start) {
        if (frequency == Frequency.WEEKLY) {
            return weeklyDays(start);
        }
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        byDay.forEach(entry -> days.add(entry.day()));
        return days;
    }

    private Set<DayOfWeek> weeklyDays(LocalDate start) {
        if (byDay.isEmpty()) {
            return EnumSet.of(start.getDayOfWeek());
        }
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        byDay.forEach(entry -> days.add(entry.day()));
        return days;
    }

    /** The Monday of the week holding {@code date} (RFC 5545's default WKST=MO). */
    private static LocalDate weekOf(LocalDate date) {
        return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The n-th (or n-th last) given weekday of a month, or null when that month has none. */
    static LocalDate dateInMonth(YearMonth month, WeekdayNum entry) {
        LocalDate date;
        if (entry.ordinal() > 0) {
            date = month.atDay(1).with(TemporalAdjusters.nextOrSame(entry.day()))
                    .plusWeeks(entry.ordinal() - 1L);
        } else {
            date = month.atEndOfMonth().with(TemporalAdjusters.previousOrSame(entry.day()))
                    .minusWeeks(-entry.ordinal() - 1L);
        }
        return YearMonth.from(date).equals(month) ? date : null;
    }

    private static final String[] CODES = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

    /** The two-letter RFC 5545 code of a weekday: MO, TU... */
    public static String code(DayOfWeek day) {
        return CODES[day.ordinal()];
    }

    /** The weekday for a two-letter code, or null. */
    public static DayOfWeek dayOf(String code) {
        for (int i = 0; i < CODES.length; i++) {
            if (CODES[i].equals(code)) {
                return DayOfWeek.values()[i];
            }
        }
        return null;
    }

    private static InvalidScheduleException invalid(String message) {
        return new InvalidScheduleException("rrule", message);
    }
}
