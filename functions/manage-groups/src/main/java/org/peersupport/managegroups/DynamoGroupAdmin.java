package org.peersupport.managegroups;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.Env;
import org.peersupport.shared.Log;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.shared.store.ClosureItem;
import org.peersupport.shared.store.GroupChangeItem;
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

/**
 * Groups, MeetingDetails and Closures tables, with the audit record (and the change record, when
 * there is one) in each write's transaction.
 */
public final class DynamoGroupAdmin implements GroupAdmin {
    private final DynamoDbClient dynamoDb;
    private final DynamoDbEnhancedClient client;
    private final GroupWriter writer;
    private final DynamoDbTable<GroupItem> groups;
    private final DynamoDbTable<MeetingDetailsItem> details;
    private final DynamoDbTable<ClosureItem> closures;
    private final DynamoDbTable<AuditItem> audit;
    private final DynamoDbTable<GroupChangeItem> changes;

    public DynamoGroupAdmin(DynamoDbClient dynamoDb, DynamoDbEnhancedClient client, String groupsTable,
                            String meetingDetailsTable, String closuresTable, String auditTable, String changesTable) {
        this.dynamoDb = dynamoDb;
        this.client = client;
        this.writer = new GroupWriter(client, groupsTable, meetingDetailsTable);
        this.groups = client.table(groupsTable, GroupItem.SCHEMA);
        this.details = client.table(meetingDetailsTable, MeetingDetailsItem.SCHEMA);
        this.closures = client.table(closuresTable, ClosureItem.SCHEMA);
        this.audit = client.table(auditTable, AuditItem.SCHEMA);
        this.changes = client.table(changesTable, GroupChangeItem.SCHEMA);
    }

    /** Over {@code dynamoDb}, with the tables template.yaml names in {@code env}. */
    public static DynamoGroupAdmin of(Env env, DynamoDbClient dynamoDb) {
        return new DynamoGroupAdmin(dynamoDb, AwsClients.enhanced(dynamoDb), env.required("GROUPS_TABLE"),
                env.required("MEETING_DETAILS_TABLE"), env.required("CLOSURES_TABLE"), env.required("AUDIT_TABLE"),
                env.required("GROUP_CHANGES_TABLE"));
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
    public Group group(String groupId) {
        Key key = Key.builder().partitionValue(groupId).build();
        GroupItem item = groups.getItem(r -> r.key(key).consistentRead(true));
        if (item == null) {
            return null;
        }
        MeetingDetailsItem detailsItem = details.getItem(r -> r.key(key).consistentRead(true));
        return new Group(GroupItems.toPublic(item), GroupItems.toSignupRules(item),
                GroupItems.toMeetingDetails(detailsItem), GroupItems.facilitatorUsernames(detailsItem),
                GroupItems.isArchived(item));
    }

    @Override
    public boolean putGroup(Group group, AuditItem record, GroupChangeItem change) {
        boolean exists = groups.getItem(Key.builder().partitionValue(group.id()).build()) != null;
        writer.put(group, tx -> {
            tx.addPutItem(audit, record);
            if (change != null) {
                tx.addPutItem(changes, change);
            }
        });
        return !exists;
    }

    @Override
    public boolean archiveGroup(String groupId, String updatedAt, AuditItem record, GroupChangeItem change) {
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
            List<TransactWriteItem> items = new ArrayList<>(List.of(archive, audited));
            if (change != null) {
                items.add(TransactWriteItem.builder().put(p -> p.tableName(changes.tableName())
                        .item(GroupChangeItem.SCHEMA.itemToMap(change, true))).build());
            }
            dynamoDb.transactWriteItems(tx -> tx.transactItems(items));
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
    public boolean putClosure(ClosureItem closure, AuditItem record, GroupChangeItem change) {
        boolean exists = closures.getItem(Key.builder().partitionValue(closure.date()).build()) != null;
        client.transactWriteItems(tx -> {
            tx.addPutItem(closures, closure).addPutItem(audit, record);
            if (!exists && change != null) {
                tx.addPutItem(changes, change);
            }
        });
        return !exists;
    }

    @Override
    public boolean deleteClosure(String date, AuditItem record, GroupChangeItem change) {
        Key key = Key.builder().partitionValue(date).build();
        try {
            client.transactWriteItems(tx -> {
                tx.addDeleteItem(closures, TransactDeleteItemEnhancedRequest.builder().key(key)
                                .conditionExpression(Expression.builder().expression("attribute_exists(#date)")
                                        .putExpressionName("#date", "date").build())
                                .build())
                        .addPutItem(audit, record);
                if (change != null) {
                    tx.addPutItem(changes, change);
                }
            });
            return true;
        } catch (TransactionCanceledException e) {
            if (closures.getItem(key) == null) {
                return false;
            }
            throw e;
        }
    }
}
