package org.peersupport.exportsignups;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * Reads who runs a group from the MeetingDetails table, projecting that one attribute: the
 * function's role may read nothing else there (an IAM condition on {@code dynamodb:Attributes}),
 * so it never sees where or how a group meets.
 */
public final class DynamoGroupFacilitators implements GroupFacilitators {
    static final String ATTRIBUTE = "facilitatorUsernames";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoGroupFacilitators(DynamoDbClient dynamoDb, String meetingDetailsTable) {
        this.dynamoDb = dynamoDb;
        this.table = meetingDetailsTable;
    }

    @Override
    public List<String> of(String groupId) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of("id", AttributeValue.fromS(groupId)))
                .projectionExpression("#f")
                .expressionAttributeNames(Map.of("#f", ATTRIBUTE)));
        AttributeValue value = response.hasItem() ? response.item().get(ATTRIBUTE) : null;
        List<String> usernames = new ArrayList<>();
        if (value != null && value.hasL()) {
            for (AttributeValue name : value.l()) {
                if (name.s() != null) {
                    usernames.add(name.s());
                }
            }
        }
        return usernames;
    }
}
