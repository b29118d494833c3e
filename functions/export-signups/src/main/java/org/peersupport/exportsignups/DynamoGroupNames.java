package org.peersupport.exportsignups;

import org.peersupport.shared.store.GroupItem;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/** Reads a group's name from the Groups table (archived groups included: their sign-ups are still exported). */
public final class DynamoGroupNames implements GroupNames {
    private final DynamoDbTable<GroupItem> groups;

    public DynamoGroupNames(DynamoDbEnhancedClient client, String groupsTable) {
        this.groups = client.table(groupsTable, GroupItem.SCHEMA);
    }

    @Override
    public String nameOf(String groupId) {
        GroupItem item = groups.getItem(r -> r.key(Key.builder().partitionValue(groupId).build()));
        return item == null ? null : item.name();
    }
}
