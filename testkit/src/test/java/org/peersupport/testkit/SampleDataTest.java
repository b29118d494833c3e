package org.peersupport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.model.Audience;
import org.peersupport.shared.model.Format;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.schedule.RecurrenceRule;

class SampleDataTest {
    private final SampleData samples = SampleData.load();

    @Test
    void samples_coverWhatTheSiteMustShow() {
        Set<Audience> audiences = EnumSet.noneOf(Audience.class);
        Set<Format> formats = EnumSet.noneOf(Format.class);
        Set<String> languages = new HashSet<>();
        Set<RecurrenceRule.Frequency> frequencies = EnumSet.noneOf(RecurrenceRule.Frequency.class);
        boolean exdates = false;
        boolean archived = false;
        for (Group group : samples.groups()) {
            audiences.add(group.listing().audience());
            formats.add(group.listing().format());
            languages.addAll(group.listing().languages());
            frequencies.add(group.listing().schedule().rule().frequency());
            exdates |= !group.listing().schedule().exdates().isEmpty();
            archived |= group.archived();
        }
        assertTrue(samples.groups().size() >= 6);
        assertEquals(EnumSet.allOf(Audience.class), audiences);
        assertEquals(EnumSet.allOf(Format.class), formats);
        assertTrue(languages.containsAll(Set.of("en", "es")));
        assertEquals(EnumSet.allOf(RecurrenceRule.Frequency.class), frequencies);
        assertTrue(exdates);
        assertTrue(archived);
        assertTrue(samples.closures().size() >= 1);
    }

    @Test
    void samples_areClearlyFictional() {
        for (Group group : samples.groups()) {
            String email = group.meetingDetails().facilitatorEmail();
            assertTrue(email == null || email.endsWith("@example.org"), group.id());
            String url = group.meetingDetails().meetingUrl();
            assertTrue(url == null || url.startsWith("https://meet.example.org/"), group.id());
        }
    }
}
