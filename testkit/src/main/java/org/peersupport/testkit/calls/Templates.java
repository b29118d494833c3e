package org.peersupport.testkit.calls;

import static org.peersupport.testkit.StackTemplate.list;
import static org.peersupport.testkit.StackTemplate.map;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.peersupport.shared.json.Json;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.StackTemplate;

/** template.yaml as SAM transforms it, and template values as a reader would write them. */
public final class Templates {
    private Templates() {
    }

    /** The repository's template.yaml through SAM's transform ({@code scripts/sam-translate}). */
    public static StackTemplate translated() {
        return translated(Repo.root().resolve("template.yaml"));
    }

    /** A template through SAM's transform. */
    public static StackTemplate translated(Path template) {
        return translated(List.of(template)).get(0);
    }

    /** Templates through SAM's transform, in one run of it, with the Python that has cfn-lint (the project's .venv first). */
    @SuppressWarnings("unchecked")
    public static List<StackTemplate> translated(List<Path> templates) {
        Path script = Repo.root().resolve("scripts/sam-translate");
        List<String> pythons = new ArrayList<>();
        Path venv = Repo.root().resolve(".venv/bin/python3");
        if (Files.isExecutable(venv)) {
            pythons.add(venv.toString());
        }
        pythons.add("python3");
        String failure = "";
        for (String python : pythons) {
            try {
                Path out = Files.createTempFile("sam-translated", ".json");
                Path err = Files.createTempFile("sam-translated", ".err");
                try {
                    List<String> command = new ArrayList<>(List.of(python, script.toString()));
                    templates.forEach(t -> command.add(t.toString()));
                    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                    if (!process.waitFor(120, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        failure = python + ": timed out";
                        continue;
                    }
                    if (process.exitValue() == 0) {
                        Object parsed = Json.parse(Files.readString(out, StandardCharsets.UTF_8));
                        List<StackTemplate> result = new ArrayList<>();
                        for (Object one : templates.size() == 1 ? List.of(parsed) : (List<Object>) parsed) {
                            result.add(StackTemplate.of((Map<String, Object>) one));
                        }
                        return result;
                    }
                    failure = python + ": " + Files.readString(err, StandardCharsets.UTF_8);
                } finally {
                    Files.deleteIfExists(out);
                    Files.deleteIfExists(err);
                }
            } catch (IOException e) {
                failure = python + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("SAM's transform of " + templates + " failed (scripts/sam-translate needs cfn-lint, "
                + "which ./run-tests installs): " + failure);
    }

    /** A value as the template writes it: {@code ${Table.Arn}}, {@code ${Name}}, a {@code !Sub} string. */
    public static String render(Object value) {
        if (value instanceof String s) {
            return s;
        }
        Map<String, Object> intrinsic = map(value);
        if (intrinsic.containsKey("Fn::GetAtt")) {
            List<Object> parts = list(intrinsic.get("Fn::GetAtt"));
            return "${" + parts.get(0) + "." + parts.get(1) + "}";
        }
        if (intrinsic.containsKey("Ref")) {
            return "${" + intrinsic.get("Ref") + "}";
        }
        if (intrinsic.containsKey("Fn::Sub")) {
            Object sub = intrinsic.get("Fn::Sub");
            return sub instanceof String s ? s : String.valueOf(list(sub).get(0));
        }
        return String.valueOf(value);
    }
}
