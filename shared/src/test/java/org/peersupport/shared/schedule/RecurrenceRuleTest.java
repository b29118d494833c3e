package org.peersupport.shared.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecurrenceRuleTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "FREQ=WEEKLY;BYDAY=TU            | FREQ=WEEKLY;BYDAY=TU",
        "freq=weekly;byday=tu            | FREQ=WEEKLY;BYDAY=TU",
        "RRULE:FREQ=WEEKLY;BYDAY=WE,MO   | FREQ=WEEKLY;BYDAY=MO,WE",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE | FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        "FREQ=WEEKLY;INTERVAL=1          | FREQ=WEEKLY",
        "FREQ=MONTHLY;BYDAY=3TH,1TH      | FREQ=MONTHLY;BYDAY=1TH,3TH",
        "FREQ=MONTHLY;BYDAY=-1FR         | FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYDAY=+2SA         | FREQ=MONTHLY;BYDAY=2SA",
    })
    void parse_whenSupported_readsTheCanonicalRule(String text, String canonical) {
        assertEquals(canonical, RecurrenceRule.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "FREQ=DAILY", "FREQ=YEARLY;BYMONTH=1", "FREQ=WEEKLY;COUNT=10", "FREQ=WEEKLY;UNTIL=20261231",
        "FREQ=WEEKLY;BYDAY=1TU", "FREQ=MONTHLY", "FREQ=MONTHLY;BYDAY=TH", "FREQ=MONTHLY;BYDAY=6TH",
        "FREQ=MONTHLY;BYDAY=0TH", "FREQ=WEEKLY;BYDAY=XX", "FREQ=WEEKLY;INTERVAL=0", "FREQ=WEEKLY;INTERVAL=99",
        "FREQ=WEEKLY;INTERVAL=two", "FREQ=WEEKLY;FREQ=WEEKLY", "FREQ=WEEKLY;BYDAY=TU,TU", "FREQ=WEEKLY;;",
        "FREQ=WEEKLY;BYMONTHDAY=1", "FREQ=WEEKLY;WKST=SU", "BYDAY=TU", "FREQ=WEEKLY;BYDAY=+TU",
    })
    void parse_whenOutsideTheSubset_rejectsWithAMessage(String text) {
        InvalidScheduleException e = assertThrows(InvalidScheduleException.class, () -> RecurrenceRule.parse(text));
        assertEquals("rrule", e.field());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void monthlyFifthThursday_skipsMonthsWithoutOne() {
        RecurrenceRule rule = RecurrenceRule.parse("FREQ=MONTHLY;BYDAY=5TH");
        LocalDate start = LocalDate.of(2026, 1, 29); // January 2026 has five Thursdays
        List<LocalDate> dates = rule.datesFrom(start, start, 4, 3);
        // 2026: Jan 29, Apr 30, Jul 30, Oct 29 are the only fifth Thursdays
        assertEquals(List.of(LocalDate.of(2026, 1, 29), LocalDate.of(2026, 4, 30),
                LocalDate.of(2026, 7, 30), LocalDate.of(2026, 10, 29)), dates);
        assertFalse(rule.occursOn(LocalDate.of(2026, 2, 26), start)); // fourth and last Thursday of February
    }

    @Test
    void monthlyLastFriday_isTheLastFridayWhateverTheMonthLength() {
        RecurrenceRule rule = RecurrenceRule.parse("FREQ=MONTHLY;BYDAY=-1FR");
        LocalDate start = LocalDate.of(2026, 1, 30);
        assertEquals(List.of(LocalDate.of(2026, 1, 30), LocalDate.of(2026, 2, 27), LocalDate.of(2026, 3, 27),
                LocalDate.of(2026, 4, 24)), rule.datesFrom(start, start, 4, 3));
    }

    @Test
    void monthlyFirstAndThird_areInOrderWithinEachMonth() {
        RecurrenceRule rule = RecurrenceRule.parse("FREQ=MONTHLY;BYDAY=3TH,1TH");
        LocalDate start = LocalDate.of(2026, 2, 5);
        assertEquals(List.of(LocalDate.of(2026, 11, 19), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 17),
                LocalDate.of(2027, 1, 7)), rule.datesFrom(start, LocalDate.of(2026, 11, 6), 4, 3));
    }

    @Test
    void weeklyInterval_isAnchoredAtTheFirstMeeting() {
        RecurrenceRule rule = RecurrenceRule.parse("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE");
        LocalDate start = LocalDate.of(2026, 1, 14);
        assertTrue(rule.occursOn(LocalDate.of(2026, 1, 28), start));
        assertFalse(rule.occursOn(LocalDate.of(2026, 1, 21), start));
        assertFalse(rule.occursOn(LocalDate.of(2025, 12, 31), start)); // before the first meeting
        assertEquals(List.of(LocalDate.of(2026, 11, 18), LocalDate.of(2026, 12, 2)),
                rule.datesFrom(start, LocalDate.of(2026, 11, 12), 2, 3));
    }

    @Test
    void monthlyInterval_countsMonthsFromTheFirstMeeting() {
        RecurrenceRule rule = RecurrenceRule.parse("FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO");
        LocalDate start = LocalDate.of(2026, 2, 2);
        assertEquals(List.of(LocalDate.of(2026, 2, 2), LocalDate.of(2026, 5, 4), LocalDate.of(2026, 8, 3)),
                rule.datesFrom(start, LocalDate.of(2026, 1, 1), 3, 3));
    }

    @Test
    void weeklyWithoutByday_meetsOnTheStartDatesWeekday() {
        RecurrenceRule rule = RecurrenceRule.parse("FREQ=WEEKLY");
        LocalDate start = LocalDate.of(2026, 1, 6);
        assertEquals(List.of(LocalDate.of(2026, 1, 6), LocalDate.of(2026, 1, 13)), rule.datesFrom(start, start, 2, 3));
    }
}
