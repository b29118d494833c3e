package org.peersupport.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
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
    void whatIsNotARate_isRefusedWithAReason() {
        IllegalArgumentException cron = assertThrows(IllegalArgumentException.class,
                () -> ScheduleExpression.parse("cron(0 8 * * ? *)"));
        assertEquals("The local server runs rate() schedules only, such as rate(5 minutes); not cron(0 8 * * ? *)",
                cron.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("rate(0 minutes)"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("every 5 minutes"));
    }
}
