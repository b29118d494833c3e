package org.peersupport.createsignup;

import java.util.List;
import org.peersupport.shared.http.Languages;
import org.peersupport.shared.model.GroupStatus;

/**
 * What this function may know about a group: whether it takes sign-ups and on what terms. Never
 * where or how it meets (that is in the MeetingDetails table, which this function cannot read).
 *
 * @param status   null when the stored value is not one we know (treated as not taking sign-ups)
 * @param capacity confirmed places, or null for no limit
 */
record GroupRules(String id, String name, GroupStatus status, boolean archived, Integer capacity,
                  boolean requiresEmergencyContact, List<String> languages) {

    /** The language of sign-ups that name none: the group's first, where we write in it. */
    String defaultLanguage() {
        return !languages.isEmpty() && Languages.isSupported(languages.get(0)) ? languages.get(0) : Languages.ENGLISH;
    }
}
