package org.peersupport.sendconfirmation;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.peersupport.shared.Log;
import org.peersupport.shared.schedule.Schedule;
import org.peersupport.shared.store.ClosureItem;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.shared.store.GroupItems;
import org.peersupport.shared.store.MeetingDetailsItem;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/**
 * Reads groups from the Groups and MeetingDetails tables and closures from the Closures table.
 * Nothing is cached across invocations: a facilitator who changes a meeting link expects the
 * next email to carry the new one. (The mailer reads each group once per batch.)
 */
public final class DynamoGroupDirectory implements GroupDirectory {
    private final DynamoDbTable<GroupItem> groups;
    private final DynamoDbTable<MeetingDetailsItem> details;
    private final DynamoDbTable<ClosureItem> closures;

    public DynamoGroupDirectory(DynamoDbEnhancedClient client, String groupsTable, String detailsTable,
                                String closuresTable) {
        this.groups = client.table(groupsTable, GroupItem.SCHEMA);
        this.details = client.table(detailsTable, MeetingDetailsItem.SCHEMA);
        this.closures = client.table(closuresTable, ClosureItem.SCHEMA);
    }

    @Override
    public GroupView group(String groupId) {
        Key key = Key.builder().partitionValue(groupId).build();
        GroupItem item = groups.getItem(r -> r.key(key).consistentRead(true));
        if (item == null) {
            return null;
        }
        MeetingDetailsItem meeting = details.getItem(r -> r.key(key).consistentRead(true));
        return new GroupView(GroupItems.toPublic(item), GroupItems.toMeetingDetails(meeting), GroupItems.isArchived(item));
    }

    @Override
    public Set<LocalDate> closures() {
        Set<LocalDate> dates = new HashSet<>();
        for (ClosureItem closure : closures.scan().items()) {
            try {
                dates.add(Schedule.date("date", closure.date()));
            } catch (IllegalArgumentException e) {
                Log.warn("confirmation.skipped_invalid_closure");
            }
        }
        return dates;
    }
}
