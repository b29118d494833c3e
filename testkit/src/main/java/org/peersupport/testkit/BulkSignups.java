package org.peersupport.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.store.SignupKeys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Many fictional sign-ups written straight into the Signups table in batches of 25, spread over the
 * sample groups, for scale tests and benchmarks: signupId {@code signup<index>}, one a minute from
 * 2026-01-01, every name and address carrying the given markers (record them with
 * {@link PersonalData#submitted} so the log check looks for them).
 */
public final class BulkSignups {
    public static final String[] GROUPS = {"connection-tue-downtown", "family-support-thu-online", "conexion-sabado-hibrido",
        "familia-a-familia-miercoles", "young-adults-thu-eastside", "connection-lunch-online",
        "peer-family-circle-last-friday", "connection-sun-northside"};

    private BulkSignups() {
    }

    public static void load(LocalDeployment deployment, int rows, String nameMarker, String emailMarker) {
        String table = deployment.physicalId("SignupsTable");
        long expires = Instant.now().getEpochSecond() + 86_400L * 180;
        List<WriteRequest> batch = new ArrayList<>(25);
        for (int i = 0; i < rows; i++) {
            String group = GROUPS[i % GROUPS.length];
            String emailKey = String.format("k%08d%s", i, emailMarker.replace('-', '_'));
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS(SignupKeys.groupPk(group)));
            item.put("sk", AttributeValue.fromS(SignupKeys.signupSk(emailKey)));
            item.put("signupId", AttributeValue.fromS("signup" + i));
            item.put("groupId", AttributeValue.fromS(group));
            item.put("emailKey", AttributeValue.fromS(emailKey));
            item.put("createdAt", AttributeValue.fromS(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 60L).toString()));
            item.put("expiresAt", AttributeValue.fromN(Long.toString(expires)));
            item.put("firstName", AttributeValue.fromS(nameMarker + "x" + i));
            item.put("email", AttributeValue.fromS(emailMarker + "-" + i + "@example.org"));
            item.put("phone", AttributeValue.fromS(String.format("+1555%07d", i)));
            item.put("forWhom", AttributeValue.fromS(i % 3 == 0 ? "loved_one" : "self"));
            item.put("language", AttributeValue.fromS(i % 4 == 0 ? "es" : "en"));
            item.put("status", AttributeValue.fromS(i % 10 == 0 ? "waitlisted" : "confirmed"));
            item.put("emailStatus", AttributeValue.fromS("sent"));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25 || i == rows - 1) {
                Map<String, List<WriteRequest>> pending = Map.of(table, List.copyOf(batch));
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> request = pending;
                    pending = deployment.dynamoDb().batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
                }
                batch.clear();
            }
        }
    }
}
