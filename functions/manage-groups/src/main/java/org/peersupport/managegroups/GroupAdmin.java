package org.peersupport.managegroups;

import java.util.List;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.shared.store.ClosureItem;

/**
 * What staff can do to groups and closures. Every change is written in one transaction with its
 * audit record, so a change is never made without its record, nor recorded without being made.
 */
public interface GroupAdmin {
    /**
     * Every group, archived ones included, with its private parts and who runs it. Unreadable
     * items are skipped.
     */
    List<Group> groups();

    /** Creates or replaces a group; true when it is new. */
    boolean putGroup(Group group, AuditItem audit);

    /** Archives a group; false (and nothing written) when there is no such group. */
    boolean archiveGroup(String groupId, String updatedAt, AuditItem audit);

    /** Every closure, in no particular order. */
    List<ClosureItem> closures();

    /** Creates or replaces a closure; true when it is new. */
    boolean putClosure(ClosureItem closure, AuditItem audit);

    /** Removes a closure; false (and nothing written) when there is none on that date. */
    boolean deleteClosure(String date, AuditItem audit);
}
