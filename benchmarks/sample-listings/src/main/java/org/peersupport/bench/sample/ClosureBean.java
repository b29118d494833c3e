package org.peersupport.bench.sample;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** A closure as a mutable bean, for {@code TableSchema.fromBean}. */
@DynamoDbBean
public class ClosureBean {
    private String date;
    private String name;

    @DynamoDbPartitionKey
    public String getDate() { return date; }
    public void setDate(String date) { this.date = date; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
}
