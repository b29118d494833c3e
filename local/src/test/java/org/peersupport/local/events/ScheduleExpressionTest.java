package org.peersupport.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {
    static final ZonedDateTime WED = ZonedDateTime.of(2026, 11, 25, 20, 7, 30, 0, ZoneOffset.UTC);

    @Test
    void rates_repeatAtTheirPeriod() {
        assertEquals(Duration.ofMinutes(5), ScheduleExpression.parse("rate(5 minutes)").rate());
        assertEquals(Duration.ofHours(1), ScheduleExpression.parse("rate(1 hour)").rate());
        assertEquals(WED.plusDays(2), ScheduleExpression.parse("rate(2 days)").next(WED));
    }

    @Test
    void crons_fireAtTheirNextMatchingMinute() {
        assertEquals(WED.withMinute(10).withSecond(0), ScheduleExpression.parse("cron(0/5 * * * ? *)").next(WED));
        assertEquals(ZonedDateTime.of(2026, 11, 26, 8, 0, 0, 0, ZoneOffset.UTC),
                ScheduleExpression.parse("cron(0 8 * * ? *)").next(WED));
        // Weekdays count from SUN=1: MON-FRI at 09:30; the Wednesday evening's next is Thursday.
        assertEquals(ZonedDateTime.of(2026, 11, 26, 9, 30, 0, 0, ZoneOffset.UTC),
                ScheduleExpression.parse("cron(30 9 ? * MON-FRI *)").next(WED));
        assertEquals(ZonedDateTime.of(2026, 11, 29, 0, 0, 0, 0, ZoneOffset.UTC),
                ScheduleExpression.parse("cron(0 0 ? * 1 *)").next(WED));
        assertEquals(ZonedDateTime.of(2027, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                ScheduleExpression.parse("cron(0 0 1 JAN ? *)").next(WED));
        ZonedDateTime denver = WED.withZoneSameInstant(ZoneId.of("America/Denver"));
        assertEquals(ZonedDateTime.of(2026, 11, 26, 2, 0, 0, 0, ZoneId.of("America/Denver")),
                ScheduleExpression.parse("cron(0 2 * * ? *)").next(denver));
    }

    @Test
    void whatIsNotSupported_isRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("cron(0 0 L * ? *)"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("cron(0 0 ? * 6#3 *)"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("cron(0 0 * * * *)"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("rate(0 minutes)"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("every 5 minutes"));
    }
}
