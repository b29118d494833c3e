package org.peersupport.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.model.GroupInput;
import org.peersupport.shared.schedule.Schedule;
import org.peersupport.shared.store.ClosureItem;
import org.peersupport.shared.store.GroupWriter;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;

/**
 * The sample groups and closures in {@code data/sample-groups.json}: fictional, validated by the
 * same code that validates staff writes, and loaded by the tests and the local run.
 */
public record SampleData(List<Group> groups, List<ClosureItem> closures) {
    public static Path file() {
        return Repo.root().resolve("data/sample-groups.json");
    }

    public static SampleData load() {
        return load(file());
    }

    @SuppressWarnings("unchecked")
    public static SampleData load(Path file) {
        Map<String, Object> root;
        try {
            root = Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
        List<Group> groups = new ArrayList<>();
        for (Object value : (List<Object>) root.get("groups")) {
            Map<String, Object> group = (Map<String, Object>) value;
            Instant updatedAt = Instant.parse((String) group.get("updatedAt"));
            groups.add(GroupInput.parse((String) group.get("id"), group, updatedAt));
        }
        List<ClosureItem> closures = new ArrayList<>();
        for (Object value : (List<Object>) root.get("closures")) {
            Map<String, Object> closure = (Map<String, Object>) value;
            String date = Schedule.dateText(Schedule.date("date", (String) closure.get("date")));
            closures.add(new ClosureItem(date, (String) closure.get("name"), (String) closure.get("updatedAt")));
        }
        return new SampleData(List.copyOf(groups), List.copyOf(closures));
    }

    /** The zone the sample dates are in: the template's default {@code OrgTimeZone}, as the tests deploy. */
    public static ZoneId orgZone() {
        return OrgZone.ZONE;
    }

    /** Read from template.yaml once, when first asked for. */
    private static final class OrgZone {
        static final ZoneId ZONE = ZoneId.of(
                (String) StackTemplate.map(StackTemplate.load().parameters().get("OrgTimeZone")).get("Default"));
    }

    /** Writes every group and closure into the deployment's tables. */
    public void writeTo(LocalDeployment deployment) {
        DynamoDbEnhancedClient client = deployment.enhanced();
        GroupWriter writer = new GroupWriter(client, deployment.physicalId("GroupsTable"),
                deployment.physicalId("MeetingDetailsTable"));
        groups.forEach(writer::put);
        var table = client.table(deployment.physicalId("ClosuresTable"), ClosureItem.SCHEMA);
        closures.forEach(table::putItem);
    }

    /**
     * A sample group with some fields changed (a capacity, a status...) under a new id, validated
     * as staff writes are; for tests that need a group of their own.
     */
    @SuppressWarnings("unchecked")
    public static Group variant(String sampleId, String newId, Map<String, Object> changes) {
        Map<String, Object> root;
        try {
            root = Json.parseObject(Files.readString(file(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file(), e);
        }
        for (Object value : (List<Object>) root.get("groups")) {
            Map<String, Object> group = new java.util.LinkedHashMap<>((Map<String, Object>) value);
            if (sampleId.equals(group.get("id"))) {
                group.put("id", newId);
                // As parsed JSON holds them: whole numbers are Longs.
                changes.forEach((k, v) -> group.put(k, v instanceof Integer i ? Long.valueOf(i) : v));
                group.values().removeIf(java.util.Objects::isNull);
                Instant updatedAt = Instant.parse((String) group.get("updatedAt"));
                return GroupInput.parse(newId, group, updatedAt);
            }
        }
        throw new IllegalArgumentException("No sample group " + sampleId);
    }

    /** Writes one group (both its items) into the deployment's tables. */
    public static void put(LocalDeployment deployment, Group group) {
        new GroupWriter(deployment.enhanced(), deployment.physicalId("GroupsTable"),
                deployment.physicalId("MeetingDetailsTable")).put(group);
    }

    public Group group(String id) {
        return groups.stream().filter(g -> g.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No sample group " + id));
    }
}
