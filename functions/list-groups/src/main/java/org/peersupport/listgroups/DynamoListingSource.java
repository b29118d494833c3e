package org.peersupport.listgroups;

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
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;

/**
 * Reads every group and closure with a scan: an organisation has tens to a few thousand groups, a
 * few pages at most, and the result is cached per container. Only the public view is kept.
 */
public final class DynamoListingSource implements ListingSource {
    private final DynamoDbTable<GroupItem> groups;
    private final DynamoDbTable<ClosureItem> closures;

    public DynamoListingSource(DynamoDbEnhancedClient client, String groupsTable, String closuresTable) {
        this.groups = client.table(groupsTable, GroupItem.SCHEMA);
        this.closures = client.table(closuresTable, ClosureItem.SCHEMA);
    }

    @Override
    public Listing load() {
        List<PublicGroup> visible = new ArrayList<>();
        for (GroupItem item : groups.scan().items()) {
            if (GroupItems.isArchived(item)) {
                continue;
            }
            try {
                visible.add(GroupItems.toPublic(item));
            } catch (IllegalArgumentException e) {
                // One bad item must not take the whole listing down; staff writes validate, so this
                // means a hand edit. The id is public data.
                Log.warn("listing.skipped_invalid_group", "groupId", item.id());
            }
        }
        Set<LocalDate> dates = new HashSet<>();
        for (ClosureItem closure : closures.scan().items()) {
            try {
                dates.add(Schedule.date("date", closure.date()));
            } catch (IllegalArgumentException e) {
                Log.warn("listing.skipped_invalid_closure");
            }
        }
        return new Listing(visible, dates);
    }
}
