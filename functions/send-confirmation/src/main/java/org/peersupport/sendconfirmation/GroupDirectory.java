package org.peersupport.sendconfirmation;

import java.time.LocalDate;
import java.util.Set;
import org.peersupport.shared.model.MeetingDetails;
import org.peersupport.shared.model.PublicGroup;

/** Where the mailer reads a group, its private meeting details and the organisation's closures. */
public interface GroupDirectory {
    /** A group as the email needs it. */
    record GroupView(PublicGroup listing, MeetingDetails details, boolean archived) {
    }

    /**
     * The group, or null if there is none.
     *
     * @throws IllegalArgumentException if the stored group is not valid
     */
    GroupView group(String groupId);

    /** Organisation-wide closure dates, in the organisation's time zone. */
    Set<LocalDate> closures();
}
