package org.peersupport.shared.store;

import org.peersupport.shared.model.Group;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;

/** Writes a group's two items (public view and rules; meeting details) in one transaction. */
public final class GroupWriter {
    private final DynamoDbEnhancedClient client;
    private final DynamoDbTable<GroupItem> groups;
    private final DynamoDbTable<MeetingDetailsItem> details;

    public GroupWriter(DynamoDbEnhancedClient client, String groupsTable, String meetingDetailsTable) {
        this.client = client;
        this.groups = client.table(groupsTable, GroupItem.SCHEMA);
        this.details = client.table(meetingDetailsTable, MeetingDetailsItem.SCHEMA);
    }

    /** Creates or replaces the group; both items change together or neither does. */
    public void put(Group group) {
        client.transactWriteItems(tx -> tx
                .addPutItem(groups, GroupItems.toItem(group))
                .addPutItem(details, GroupItems.toItem(group.id(), group.meetingDetails())));
    }
}
