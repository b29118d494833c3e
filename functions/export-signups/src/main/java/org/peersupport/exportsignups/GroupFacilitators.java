package org.peersupport.exportsignups;

import java.util.List;

/** The usernames of the staff accounts that run a group: empty for a group nobody runs, or none at all. */
@FunctionalInterface
public interface GroupFacilitators {
    List<String> of(String groupId);
}
