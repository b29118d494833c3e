package org.peersupport.shared.schedule;

import java.time.ZonedDateTime;

/** One meeting: when it starts and ends, in the group's time zone. */
public record Meeting(ZonedDateTime start, ZonedDateTime end) {
}
