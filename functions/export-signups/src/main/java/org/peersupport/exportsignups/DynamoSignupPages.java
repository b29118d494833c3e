package org.peersupport.exportsignups;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One group's sign-ups are a Query on its partition ({@code sk} beginning {@code SIGNUP#}, which
 * leaves out the COUNT item); all groups' are a Scan with the same condition as a filter. Either
 * way, one DynamoDB request per page, and only the attributes the export shows are read
 * (never emergency contacts, tokens or mailer state).
 */
public final class DynamoSignupPages implements SignupPages {
    static final List<String> EXPORTED = List.of("pk", "sk", "signupId", "groupId", "createdAt", "expiresAt",
            "firstName", "email", "phone", "forWhom", "language", "status", "emailStatus");

    private final DynamoDbTable<SignupItem> table;

    public DynamoSignupPages(DynamoDbEnhancedClient client, String signupsTable) {
        this.table = client.table(signupsTable, SignupItem.SCHEMA);
    }

    @Override
    public Page read(Filter filter, Map<String, AttributeValue> startKey, int maxItems) {
        software.amazon.awssdk.core.pagination.sync.SdkIterable<software.amazon.awssdk.enhanced.dynamodb.model.Page<SignupItem>> pages;
        if (filter.groupId() != null) {
            pages = table.query(QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.sortBeginsWith(Key.builder()
                            .partitionValue(SignupKeys.groupPk(filter.groupId()))
                            .sortValue(SignupKeys.signupSkPrefix()).build()))
                    .filterExpression(expression(filter, false))
                    .exclusiveStartKey(startKey)
                    .limit(maxItems)
                    .attributesToProject(EXPORTED)
                    .build());
        } else {
            pages = table.scan(ScanEnhancedRequest.builder()
                    .filterExpression(expression(filter, true))
                    .exclusiveStartKey(startKey)
                    .limit(maxItems)
                    .attributesToProject(EXPORTED)
                    .build());
        }
        // The first page only: exactly one request.
        var page = pages.iterator().next();
        return new Page(new ArrayList<>(page.items()), page.lastEvaluatedKey());
    }

    static Expression expression(Filter filter, boolean signupsOnly) {
        List<String> conditions = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#expires", "expiresAt");
        values.put(":now", AttributeValue.fromN(Long.toString(filter.nowEpochSeconds())));
        conditions.add("(attribute_not_exists(#expires) OR #expires > :now)");
        // Only sign-ups their address's owner confirmed: an unconfirmed one is never exported.
        names.put("#status", "status");
        values.put(":confirmed", AttributeValue.fromS(SignupStatus.CONFIRMED.wire()));
        values.put(":waitlisted", AttributeValue.fromS(SignupStatus.WAITLISTED.wire()));
        conditions.add("#status IN (:confirmed, :waitlisted)");
        if (signupsOnly) {
            names.put("#sk", "sk");
            values.put(":signup", AttributeValue.fromS(SignupKeys.signupSkPrefix()));
            conditions.add("begins_with(#sk, :signup)");
        }
        if (filter.createdFrom() != null) {
            names.put("#created", "createdAt");
            values.put(":from", AttributeValue.fromS(filter.createdFrom()));
            conditions.add("#created >= :from");
        }
        if (filter.createdBefore() != null) {
            names.put("#created", "createdAt");
            values.put(":before", AttributeValue.fromS(filter.createdBefore()));
            conditions.add("#created < :before");
        }
        return Expression.builder()
                .expression(String.join(" AND ", conditions))
                .expressionNames(names)
                .expressionValues(values)
                .build();
    }
}
