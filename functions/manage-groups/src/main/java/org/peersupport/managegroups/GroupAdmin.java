package org.peersupport.managegroups;

import java.util.List;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.shared.store.ClosureItem;
import org.peersupport.shared.store.GroupChangeItem;

/**
 * What staff can do to groups and closures. Every change is written in one transaction with its
 * audit record, so a change is never made without its record, nor recorded without being made;
 * and with the record of what it means for the group's registrants ({@link GroupChangeItem}), when
 * it means anything, from which their notices follow.
 */
public interface GroupAdmin {
    /**
     * Every group, archived ones included, with its private parts and who runs it. Unreadable
     * items are skipped.
     */
    List<Group> groups();

    /** One group as stored, archived or not, or null when there is none (strongly consistent). */
    Group group(String groupId);

    /** Creates or replaces a group, with {@code change} (or none: null); true when it is new. */
    boolean putGroup(Group group, AuditItem audit, GroupChangeItem change);

    /** Archives a group, with {@code change} (or none); false (and nothing written) when there is no such group. */
    boolean archiveGroup(String groupId, String updatedAt, AuditItem audit, GroupChangeItem change);

    /** Every closure, in no particular order. */
    List<ClosureItem> closures();

    /**
     * Creates or replaces a closure; true when it is new. {@code change} is written only with a new
     * one: renaming a closure changes no meeting.
     */
    boolean putClosure(ClosureItem closure, AuditItem audit, GroupChangeItem change);

    /** Removes a closure, with {@code change}; false (and nothing written) when there is none on that date. */
    boolean deleteClosure(String date, AuditItem audit, GroupChangeItem change);
}
