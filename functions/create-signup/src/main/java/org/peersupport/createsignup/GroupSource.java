package org.peersupport.createsignup;

import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.store.GroupItem;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/** Reads a group's sign-up rules from the Groups table (one GetItem per sign-up: no stale status). */
final class GroupSource {
    private final DynamoDbTable<GroupItem> groups;

    GroupSource(DynamoDbEnhancedClient client, String groupsTable) {
        this.groups = client.table(groupsTable, GroupItem.SCHEMA);
    }

    /** The group, or null when there is none with that id. */
    GroupRules find(String groupId) {
        GroupItem item = groups.getItem(Key.builder().partitionValue(groupId).build());
        if (item == null) {
            return null;
        }
        return new GroupRules(item.id(), item.name(), GroupStatus.of(item.status()),
                Boolean.TRUE.equals(item.archived()), item.capacity(),
                Boolean.TRUE.equals(item.requiresEmergencyContact()), item.languages());
    }
}
