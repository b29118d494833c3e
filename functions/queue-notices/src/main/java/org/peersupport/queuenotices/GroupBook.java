package org.peersupport.queuenotices;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.peersupport.shared.Log;
import org.peersupport.shared.model.PublicGroup;
import org.peersupport.shared.schedule.Schedule;
import org.peersupport.shared.store.ClosureItem;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.shared.store.GroupItems;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;

/**
 * The groups (when and whether they meet: the Groups table, never where) and the organisation's
 * closures, read fresh for each run: a change or a reminder is about the schedule as it is now.
 */
final class GroupBook {
    /** A group as its notices need it. */
    record Listed(PublicGroup listing, boolean archived) {
    }

    private final DynamoDbTable<GroupItem> groups;
    private final DynamoDbTable<ClosureItem> closures;

    GroupBook(DynamoDbTable<GroupItem> groups, DynamoDbTable<ClosureItem> closures) {
        this.groups = groups;
        this.closures = closures;
    }

    /** Every readable group, archived ones included (a group that cannot be read is logged and left out). */
    List<Listed> all() {
        List<Listed> out = new ArrayList<>();
        for (GroupItem item : groups.scan(r -> r.consistentRead(true)).items()) {
            try {
                out.add(new Listed(GroupItems.toPublic(item), GroupItems.isArchived(item)));
            } catch (IllegalArgumentException e) {
                Log.warn("notices.skipped_invalid_group", "groupId", item.id());
            }
        }
        return out;
    }

    Set<LocalDate> closures() {
        Set<LocalDate> dates = new HashSet<>();
        for (ClosureItem closure : closures.scan(r -> r.consistentRead(true)).items()) {
            try {
                dates.add(Schedule.date("date", closure.date()));
            } catch (IllegalArgumentException e) {
                Log.warn("notices.skipped_invalid_closure");
            }
        }
        return dates;
    }
}
