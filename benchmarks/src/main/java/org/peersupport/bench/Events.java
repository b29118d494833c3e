package org.peersupport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.json.Json;
import org.peersupport.testkit.BulkSignups;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.Repo;

/** Sample events from events/, and the per-run variants the benchmarks need (fresh people, real keys). */
final class Events {
    private Events() {
    }

    static Path file(String name) {
        return Repo.root().resolve("events").resolve(name);
    }

    static Map<String, Object> read(String name) {
        try {
            return Json.parseObject(Files.readString(file(name), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON sign-up event with a fictional person of its own (recorded for the log check). */
    static Map<String, Object> signup(String groupId) {
        PersonalData.Person person = PersonalData.person();
        Map<String, Object> event = read("create-signup-json.json");
        String body = Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("firstName", person.firstName());
            json.writeStringField("email", person.email());
            json.writeStringField("phone", person.phone());
            json.writeStringField("forWhom", "self");
            json.writeStringField("language", "en");
            json.writeBooleanField("consent", true);
            json.writeEndObject();
        });
        event.put("body", body);
        Map<String, Object> path = new LinkedHashMap<>();
        path.put("groupId", groupId);
        event.put("pathParameters", path);
        return event;
    }

    /** {@code rows} fictional sign-ups in the Signups table, their markers recorded for the log check. */
    static void loadSignups(LocalDeployment deployment, int rows) {
        String run = Long.toString(System.nanoTime() % 1_000_000L, 36);
        String nameMarker = "Benchperson" + run;
        String emailMarker = "bench-person-" + run;
        PersonalData.submitted(nameMarker, emailMarker);
        BulkSignups.load(deployment, rows, nameMarker, emailMarker);
    }

    static String email(Map<String, Object> signupEvent) {
        return (String) Json.parseObject((String) signupEvent.get("body")).get("email");
    }

    /** A stream batch of one INSERT record for a sign-up's keys, as the Signups table's stream sends it. */
    static Map<String, Object> streamInsert(String pk, String sk, long sequence) {
        Map<String, Object> event = read("send-confirmation-stream.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) ((List<Object>) event.get("Records")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> dynamodb = (Map<String, Object>) record.get("dynamodb");
        dynamodb.put("Keys", Map.of("pk", Map.of("S", pk), "sk", Map.of("S", sk)));
        dynamodb.put("SequenceNumber", Long.toString(sequence));
        event.put("Records", List.of(record));
        return event;
    }

    /** The JSON withdrawal event carrying {@code token}. */
    static Map<String, Object> confirm(String token) {
        Map<String, Object> event = read("confirm-signup-json.json");
        event.put("body", Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("token", token);
            json.writeEndObject();
        }));
        return event;
    }

    static Map<String, Object> withdraw(String token) {
        Map<String, Object> event = read("withdraw-signup-json.json");
        event.put("body", Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("token", token);
            json.writeEndObject();
        }));
        return event;
    }

    static String json(Map<String, Object> event) {
        return Json.write(json -> Json.writeValue(json, event));
    }

    static Path write(Map<String, Object> event, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json(event), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
