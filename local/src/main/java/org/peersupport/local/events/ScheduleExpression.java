package org.peersupport.local.events;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge rate expression, {@code rate(5 minutes)}: the only kind template.yaml's schedules
 * use. Anything else, {@code cron()} included, is refused with a message when the local server
 * starts, rather than run at times of its own.
 */
public final class ScheduleExpression {
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");

    private final String text;
    private final Duration rate;

    private ScheduleExpression(String text, Duration rate) {
        this.text = text;
        this.rate = rate;
    }

    public static ScheduleExpression parse(String expression) {
        String text = expression.trim();
        Matcher rate = RATE.matcher(text);
        if (!rate.matches()) {
            throw new IllegalArgumentException("The local server runs rate() schedules only, such as rate(5 minutes); "
                    + "not " + text);
        }
        long n = Long.parseLong(rate.group(1));
        if (n < 1) {
            throw new IllegalArgumentException("A rate must be at least 1: " + text);
        }
        String unit = rate.group(2);
        return new ScheduleExpression(text, unit.startsWith("minute") ? Duration.ofMinutes(n)
                : unit.startsWith("hour") ? Duration.ofHours(n) : Duration.ofDays(n));
    }

    public Duration rate() {
        return rate;
    }

    /** The first time strictly after {@code after} at which the schedule fires. */
    public ZonedDateTime next(ZonedDateTime after) {
        return after.plus(rate);
    }

    @Override
    public String toString() {
        return text;
    }
}
