package org.peersupport.bench.sample;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The cold-start baseline "as the samples write it" (never deployed): the same work as
 * {@code GET /groups} without the schedules — scan the groups and closures, drop archived groups,
 * answer JSON — with the habits this project avoids: bean schemas inferred by reflection on each
 * call, the SDK's default HTTP client and credentials chain, and an ObjectMapper per call.
 */
public class SampleListingsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .region(Region.of(System.getenv("AWS_REGION")))
            .build();
    private final DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        DynamoDbTable<GroupBean> groups = enhanced.table(System.getenv("GROUPS_TABLE"), TableSchema.fromBean(GroupBean.class));
        DynamoDbTable<ClosureBean> closures =
                enhanced.table(System.getenv("CLOSURES_TABLE"), TableSchema.fromBean(ClosureBean.class));
        List<GroupBean> visible = new ArrayList<>();
        for (GroupBean group : groups.scan().items()) {
            if (!Boolean.TRUE.equals(group.getArchived())) {
                visible.add(group);
            }
        }
        List<String> closed = new ArrayList<>();
        closures.scan().items().forEach(c -> closed.add(c.getDate()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("groups", visible);
        body.put("closures", closed);
        try {
            ObjectMapper mapper = new ObjectMapper();
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody(mapper.writeValueAsString(body))
                    .build();
        } catch (JsonProcessingException e) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(500).build();
        }
    }
}
