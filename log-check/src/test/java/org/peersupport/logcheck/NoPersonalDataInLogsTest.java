package org.peersupport.logcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.Repo;

/**
 * The suite-wide check that nothing a person submits reaches a log. Every module's tests record
 * the names, email addresses and phone numbers they submit (testkit's {@link PersonalData}, in
 * each module's {@code target/}); surefire and failsafe keep every line each test JVM wrote
 * ({@code redirectTestOutputToFile}). This runs after them ({@link SuiteRun}) and looks for every
 * recorded value in every line of the output written in that run.
 */
class NoPersonalDataInLogsTest {
    @Test
    void noSubmittedNameEmailOrPhone_appearsInAnyLineTheSuiteWrote() throws IOException {
        SuiteRun run = SuiteRun.of(Repo.root());
        List<Path> targets = run.moduleTargets();
        List<String> values = new ArrayList<>(submittedValues(targets));
        List<Path> outputs = new ArrayList<>();
        for (Path target : targets) {
            testOutputs(target).stream().filter(run::written).forEach(outputs::add);
        }
        assertTrue(!outputs.isEmpty(), "no test output written in this run: run the suite (./run-tests) before this check");
        if (values.isEmpty() && run.partial()) {
            System.out.println("log-check: no module's ledger holds a submitted value: nothing to look for");
            return;
        }
        assertTrue(!values.isEmpty(), "no module recorded any submitted personal data: the check would prove nothing");

        List<Matcher> matchers = values.stream().map(Matcher::new).toList();
        List<String> findings = new ArrayList<>();
        long lines = 0;
        for (Path output : outputs) {
            int number = 0;
            for (String line : readLines(output)) {
                lines++;
                number++;
                String lower = line.toLowerCase(Locale.ROOT);
                for (int i = 0; i < matchers.size(); i++) {
                    if (matchers.get(i).foundIn(lower)) {
                        // The value itself is not repeated here: this message is test output too.
                        findings.add(run.root().relativize(output) + " line " + number + ": submitted value #" + (i + 1)
                                + " of the ledgers (" + matchers.get(i).kind() + ")");
                    }
                }
            }
        }
        if (!findings.isEmpty()) {
            fail("Personal data submitted by tests appears in " + findings.size() + " log line(s):\n"
                    + String.join("\n", findings.subList(0, Math.min(50, findings.size()))));
        }
        System.out.println("log-check: " + values.size() + " submitted values, " + outputs.size() + " output files, "
                + lines + " lines: none found");
    }

    /** Whether the module whose target this is wrote any test output in this run. */
    static boolean wroteOutput(SuiteRun run, Path target) throws IOException {
        return testOutputs(target).stream().anyMatch(run::written);
    }

    /** The ledgers' values; a phone number is also looked for without its {@code +}. */
    static Set<String> submittedValues(List<Path> targets) throws IOException {
        Set<String> values = new LinkedHashSet<>();
        for (Path target : targets) {
            Path ledger = target.resolve(PersonalData.LEDGER);
            if (Files.isRegularFile(ledger)) {
                for (String line : Files.readAllLines(ledger, StandardCharsets.UTF_8)) {
                    String value = line.strip();
                    if (value.length() >= 3) {
                        values.add(value);
                        if (value.matches("\\+[0-9]{8,15}")) {
                            values.add(value.substring(1));
                        }
                    }
                }
            }
        }
        return values;
    }

    /** What surefire and failsafe kept: per-class output, JVM stream dumps, per-class summaries. */
    static List<Path> testOutputs(Path target) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String reports : List.of("surefire-reports", "failsafe-reports")) {
            Path dir = target.resolve(reports);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> paths = Files.list(dir)) {
                paths.filter(p -> {
                    String name = p.getFileName().toString();
                    return name.endsWith(".txt") || name.endsWith(".dumpstream") || name.endsWith(".dump");
                }).sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static List<String> readLines(Path file) {
        try {
            // Test output may hold bytes that are not UTF-8; read them as replacement characters.
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return text.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One value, found as a whole word (so a name "Sam" does not match "sample"), ignoring case. */
    private static final class Matcher {
        private final String lower;
        private final Pattern pattern;

        Matcher(String value) {
            this.lower = value.toLowerCase(Locale.ROOT);
            this.pattern = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(lower) + "(?![\\p{L}\\p{N}])");
        }

        boolean foundIn(String line) {
            return line.contains(lower) && pattern.matcher(line).find();
        }

        String kind() {
            return lower.contains("@") ? "an email address" : lower.matches("\\+?[0-9]+") ? "a phone number" : "a name";
        }
    }
}
