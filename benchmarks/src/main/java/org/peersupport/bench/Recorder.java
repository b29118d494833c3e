package org.peersupport.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.peersupport.bench.warm.Recording;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.store.ClosureItem;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.shared.store.GroupItems;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.SampleData;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Records, once, what each function's SDK clients exchange with moto while serving one request,
 * for the warm-path benchmarks to replay with no network (benchmarks/target/canned/*.bin): every
 * function on the sample data (100 sign-ups for the export), and list-groups over 10, 100 and
 * 1,000 groups.
 */
public final class Recorder {
    static final Duration HOT = Duration.ofHours(1);
    static final int EXPORT_ROWS = 100;

    private Recorder() {
    }

    public static void main(String[] args) throws Exception {
        SdkHttpClient http = UrlConnectionHttpClient.create();
        LocalDeployment deployment = LocalDeployment.create(Map.of("SignupsPerIpPerHour", "1000000"));
        SampleData.load().writeTo(deployment);
        Events.loadSignups(deployment, EXPORT_ROWS);
        ColdStart.SignupChain chain = new ColdStart.SignupChain(deployment);

        record(deployment, http, "list-groups", "ListGroupsFunction", read("list-groups.json"), HOT, 200);
        record(deployment, http, "create-signup", "CreateSignupFunction", Events.signup(ColdStart.GROUP), HOT, 202);
        record(deployment, http, "send-confirmation", "SendConfirmationFunction", chain.streamEvent(1), HOT, 200);
        record(deployment, http, "withdraw-signup", "WithdrawSignupFunction", chain.withdrawEvent(), HOT, 200);
        // Every group's sign-ups (the 100 loaded and the two above), one page.
        Map<String, Object> export = read("export-signups.json");
        export.put("rawQueryString", "format=csv");
        export.put("queryStringParameters", new java.util.LinkedHashMap<>(Map.of("format", "csv")));
        record(deployment, http, "export-signups", "ExportSignupsFunction", export, HOT, 200);
        record(deployment, http, "manage-groups", "ManageGroupsFunction", read("list-staff-groups.json"), HOT, 200);
        record(deployment, http, "erase-signups", "EraseSignupsFunction", read("erase-signups.json"), HOT, 200);
        record(deployment, http, "list-audit", "ListAuditFunction", read("list-audit.json"), HOT, 200);

        for (int groups : List.of(10, 100, 1000)) {
            LocalDeployment scaled = LocalDeployment.create();
            writeGroups(scaled, groups);
            record(scaled, http, "listing-" + groups, "ListGroupsFunction", read("list-groups.json"), Duration.ZERO, 200);
        }
    }

    private static Map<String, Object> read(String event) {
        return Events.read(event);
    }

    private static void record(LocalDeployment deployment, SdkHttpClient http, String name, String function,
                               Map<String, Object> event, Duration listingTtl, int status) throws Exception {
        Recording recording = Recording.record(name, function, deployment.environment(function), Events.json(event), http,
                listingTtl, status);
        long bytes = recording.exchanges().stream().mapToLong(e -> e.body().length).sum();
        System.out.printf("recorded %-20s %2d exchanges, %,d response bytes%n", name, recording.exchanges().size(), bytes);
    }

    /** {@code count} groups made from the sample groups in turn, each under an id of its own; the sample closures. */
    static void writeGroups(LocalDeployment deployment, int count) {
        SampleData sample = SampleData.load();
        DynamoDbTable<GroupItem> table = deployment.enhanced().table(deployment.physicalId("GroupsTable"), GroupItem.SCHEMA);
        for (int i = 0; i < count; i++) {
            Group group = sample.groups().get(i % sample.groups().size());
            GroupItem g = GroupItems.toItem(group);
            table.putItem(new GroupItem(g.id() + "-" + i, g.name() + " " + i, g.program(), g.audience(), g.description(),
                    g.languages(), g.format(), g.area(), g.accessibility(), g.timezone(), g.rrule(), g.startDate(),
                    g.startTime(), g.durationMinutes(), g.exdates(), g.status(), g.archived(), g.capacity(),
                    g.requiresEmergencyContact(), g.updatedAt(), g.lastVerified()));
        }
        DynamoDbTable<ClosureItem> closures = deployment.enhanced().table(deployment.physicalId("ClosuresTable"), ClosureItem.SCHEMA);
        sample.closures().forEach(closures::putItem);
    }
}
