package org.peersupport.exportsignups;

/** A group's name by id, or null for a group that does not exist. */
@FunctionalInterface
public interface GroupNames {
    String nameOf(String groupId);
}
