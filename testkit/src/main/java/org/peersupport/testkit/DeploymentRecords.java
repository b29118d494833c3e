package org.peersupport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.UUID;
import org.peersupport.shared.json.Json;
import org.peersupport.testkit.calls.AwsCallRecorder;

/**
 * Beside the calls {@link AwsCallRecorder} writes down, what each deployment made of the template
 * (parameters, and the names and ARNs of its resources), so that the calls can be checked against
 * the roles as that deployment would have them.
 */
final class DeploymentRecords {
    private static final String FILE = "deployments-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".jsonl";

    private DeploymentRecords() {
    }

    /** Writes the deployment as it is now (a later line for the same prefix replaces an earlier one). */
    static synchronized void write(LocalDeployment deployment) {
        String directory = System.getProperty(AwsCallRecorder.DIRECTORY_PROPERTY);
        if (directory == null || directory.isBlank()) {
            return;
        }
        String line = Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("prefix", deployment.prefix());
            json.writeFieldName("pseudo");
            Json.writeValue(json, deployment.pseudoParameters());
            json.writeFieldName("parameters");
            Json.writeValue(json, deployment.parameterValues());
            json.writeFieldName("refs");
            Json.writeValue(json, deployment.intrinsics().refs());
            json.writeFieldName("attributes");
            Json.writeValue(json, deployment.intrinsics().attributes());
            json.writeFieldName("identities");
            Json.writeValue(json, new ArrayList<>(deployment.identities()));
            json.writeEndObject();
        });
        try {
            Path dir = Path.of(directory);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(FILE), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
