package org.peersupport.shared.store;

import java.util.function.Consumer;
import org.peersupport.shared.model.Group;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;

/** Writes a group's two items (public view and rules; meeting details and who runs it) in one transaction. */
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
        put(group, tx -> { });
    }

    /**
     * Creates or replaces the group, with whatever {@code alsoInTheTransaction} adds (an audit
     * record, say) committed in the same transaction: all of it happens, or none.
     */
    public void put(Group group, Consumer<TransactWriteItemsEnhancedRequest.Builder> alsoInTheTransaction) {
        client.transactWriteItems(tx -> {
            tx.addPutItem(groups, GroupItems.toItem(group))
                    .addPutItem(details, GroupItems.toDetailsItem(group));
            alsoInTheTransaction.accept(tx);
        });
    }
}
