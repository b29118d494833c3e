package org.peersupport.managegroups;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.Log;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.shared.store.ClosureItem;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.shared.store.GroupItems;
import org.peersupport.shared.store.GroupWriter;
import org.peersupport.shared.store.MeetingDetailsItem;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Groups, MeetingDetails and Closures tables, with the audit record in each write's transaction. */
public final class DynamoGroupAdmin implements GroupAdmin {
    private final DynamoDbClient dynamoDb;
    private final DynamoDbEnhancedClient client;
    private final GroupWriter writer;
    private final DynamoDbTable<GroupItem> groups;
    private final DynamoDbTable<MeetingDetailsItem> details;
    private final DynamoDbTable<ClosureItem> closures;
    private final DynamoDbTable<AuditItem> audit;

    public DynamoGroupAdmin(DynamoDbClient dynamoDb, DynamoDbEnhancedClient client, String groupsTable,
                            String meetingDetailsTable, String closuresTable, String auditTable) {
        this.dynamoDb = dynamoDb;
        this.client = client;
        this.writer = new GroupWriter(client, groupsTable, meetingDetailsTable);
        this.groups = client.table(groupsTable, GroupItem.SCHEMA);
        this.details = client.table(meetingDetailsTable, MeetingDetailsItem.SCHEMA);
        this.closures = client.table(closuresTable, ClosureItem.SCHEMA);
        this.audit = client.table(auditTable, AuditItem.SCHEMA);
    }

    @Override
    public List<Group> groups() {
        Map<String, MeetingDetailsItem> detailsById = new HashMap<>();
        details.scan().items().forEach(d -> detailsById.put(d.id(), d));
        List<Group> out = new ArrayList<>();
        for (GroupItem item : groups.scan().items()) {
            try {
                MeetingDetailsItem detailsItem = detailsById.get(item.id());
                out.add(new Group(GroupItems.toPublic(item), GroupItems.toSignupRules(item),
                        GroupItems.toMeetingDetails(detailsItem), GroupItems.facilitatorUsernames(detailsItem),
                        GroupItems.isArchived(item)));
            } catch (IllegalArgumentException e) {
                Log.warn("staff_groups.skipped_invalid_group", "groupId", item.id());
            }
        }
        return out;
    }

    @Override
    public boolean putGroup(Group group, AuditItem record) {
        boolean exists = groups.getItem(Key.builder().partitionValue(group.id()).build()) != null;
        writer.put(group, tx -> tx.addPutItem(audit, record));
        return !exists;
    }

    @Override
    public boolean archiveGroup(String groupId, String updatedAt, AuditItem record) {
        try {
            TransactWriteItem archive = TransactWriteItem.builder().update(u -> u.tableName(groups.tableName())
                    .key(Map.of("id", AttributeValue.fromS(groupId)))
                    .updateExpression("SET #archived = :true, #updatedAt = :now")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#archived", "archived", "#updatedAt", "updatedAt", "#id", "id"))
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                            ":now", AttributeValue.fromS(updatedAt)))).build();
            TransactWriteItem audited = TransactWriteItem.builder().put(p -> p.tableName(audit.tableName())
                    .item(AuditItem.SCHEMA.itemToMap(record, true))).build();
            dynamoDb.transactWriteItems(tx -> tx.transactItems(archive, audited));
            return true;
        } catch (TransactionCanceledException e) {
            if (groups.getItem(Key.builder().partitionValue(groupId).build()) == null) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<ClosureItem> closures() {
        List<ClosureItem> out = new ArrayList<>();
        closures.scan().items().forEach(out::add);
        return out;
    }

    @Override
    public boolean putClosure(ClosureItem closure, AuditItem record) {
        boolean exists = closures.getItem(Key.builder().partitionValue(closure.date()).build()) != null;
        client.transactWriteItems(tx -> tx.addPutItem(closures, closure).addPutItem(audit, record));
        return !exists;
    }

    @Override
    public boolean deleteClosure(String date, AuditItem record) {
        Key key = Key.builder().partitionValue(date).build();
        try {
            client.transactWriteItems(tx -> tx
                    .addDeleteItem(closures, TransactDeleteItemEnhancedRequest.builder().key(key)
                            .conditionExpression(Expression.builder().expression("attribute_exists(#date)")
                                    .putExpressionName("#date", "date").build())
                            .build())
                    .addPutItem(audit, record));
            return true;
        } catch (TransactionCanceledException e) {
            if (closures.getItem(key) == null) {
                return false;
            }
            throw e;
        }
    }
}
