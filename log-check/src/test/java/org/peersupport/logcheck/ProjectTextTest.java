package org.peersupport.logcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peersupport.testkit.Repo;

/**
 * The repository's documents and comments speak of the project: no tracker numbers, no notes on how
 * the work was organised, no temporary paths; every relative link in a Markdown document leads to a
 * file and heading that exist; no two classes share a name; and the README stays a front door.
 */
class ProjectTextTest {
    /** Each pattern, and what it says when it matches. */
    private static final Map<Pattern, String> NOT_ABOUT_THE_PROJECT = Map.of(
            Pattern.compile("(?i)\\b(?:issues?|tasks?|tickets?|PR)\\s+#?\\d+\\b"), "a tracker number",
            Pattern.compile("(?i)\\b(?:issue|ticket|PR)\\s*#\\d+"), "a tracker number",
            Pattern.compile("(?i)\\b(?:this|that|another|the other|the same) (?:issue|task|ticket)\\b"),
                    "how the work was organised",
            Pattern.compile("(?i)\\b(?:(?:on|from|in) (?:this|another|the other) branch|this branch's)\\b"),
                    "how the work was organised",
            Pattern.compile("(?i)\\bthe issue (?:found|asked|says|said|names|wants)\\b"), "how the work was organised",
            Pattern.compile("(?i)\\b(?:parallel|helper) (?:tasks?|sessions?|agents?)\\b"), "how the work was organised",
            Pattern.compile("(?i)\\bwork ?trees?\\b"), "how the work was organised",
            Pattern.compile("(?<![\\w.~-])/(?:tmp|work)/[\\w.-]"), "a temporary or work-tree path");

    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");

    private static final Set<String> UNREAD_DIRECTORIES = Set.of(".git", "target", "node_modules", ".venv", ".idea");

    @Test
    void noDocumentOrComment_refersToTrackers_howTheWorkWasOrganised_orTemporaryPaths() throws IOException {
        Path root = Repo.root();
        Path self = root.resolve("log-check/src/test/java/org/peersupport/logcheck/ProjectTextTest.java");
        List<String> findings = new ArrayList<>();
        int read = 0;
        for (Path file : projectFiles(root)) {
            if (file.equals(self) || isFuzzInput(root.relativize(file))) {
                continue;
            }
            Optional<String> text = text(file);
            if (text.isEmpty()) {
                continue;
            }
            read++;
            String[] lines = text.get().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (String what : offences(lines[i])) {
                    findings.add(root.relativize(file) + ":" + (i + 1) + ": " + what + ": " + lines[i].strip());
                }
            }
        }
        System.out.println("project-text: " + read + " text files read, " + findings.size() + " findings");
        assertTrue(read > 100, "too few files read (" + read + "): is " + root + " the repository?");
        if (!findings.isEmpty()) {
            fail("A document or comment should speak of the project only (write what the code or figure is, "
                    + "not which tracker item, branch or temporary directory it came from):\n"
                    + String.join("\n", findings.subList(0, Math.min(30, findings.size()))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "This was fixed in issue 12.", "see issue #7", "lands with tasks 3 and 4", "as the issue found them",
        "measured on this branch with other builds running", "on this branch's machine", "built in another worktree",
        "copied from /tmp/build-3/local", "the jars in /work/checkout/functions", "a parallel task loaded the machine"})
    void theCheck_findsWhatIsNotAboutTheProject(String line) {
        assertTrue(!offences(line).isEmpty(), "not found in: " + line);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "the domain through IDNA UTS #46", "an exdate on DAY#2026-11-25", "GROUP#<groupId> / SIGNUP#<emailKey>",
        "tokens we did not issue for this query", "a Task timed out error",
        "copy the same files from a newer commit of that branch", "/staff/signups?email=E",
        "src/main/java/org/peersupport/shared/store/", "the issuer's JWKS", "~/tmp/x is the user's own"})
    void theCheck_passesWhatIsAboutTheProject(String line) {
        assertEquals(List.of(), offences(line));
    }

    @Test
    void everyRelativeLinkInADocument_leadsToAFileAndHeadingThatExist() throws IOException {
        Path root = Repo.root();
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path file : projectFiles(root)) {
            if (!file.toString().endsWith(".md")) {
                continue;
            }
            String text = Files.readString(file);
            Matcher m = link.matcher(withoutCode(text));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("(?i)^(?:https?|mailto|tel|sms):.*")) {
                    continue;
                }
                links++;
                int hash = target.indexOf('#');
                String pathPart = hash < 0 ? target : target.substring(0, hash);
                Path linked = pathPart.isEmpty() ? file : file.getParent().resolve(pathPart).normalize();
                if (!Files.exists(linked)) {
                    broken.add(root.relativize(file) + ": " + target + " (no such file)");
                } else if (hash >= 0 && Files.isRegularFile(linked)) {
                    Set<String> anchors = anchorsByFile.computeIfAbsent(linked, ProjectTextTest::anchors);
                    if (!anchors.contains(target.substring(hash + 1))) {
                        broken.add(root.relativize(file) + ": " + target + " (no such heading in "
                                + root.relativize(linked) + ")");
                    }
                }
            }
        }
        System.out.println("project-text: " + links + " relative links in Markdown documents checked");
        assertTrue(links > 5, "too few links found (" + links + ")");
        assertEquals(List.of(), broken, "links in the documents that lead nowhere");
    }

    @Test
    void theReadme_isAFrontDoor_twoCommandsFirst_andShort() throws IOException {
        List<String> lines = Files.readAllLines(Repo.root().resolve("README.md"));
        assertTrue(lines.size() <= 150, "README.md has " + lines.size() + " lines; design, runbooks and "
                + "specifications belong in docs/ and beside the code they describe");
        int fence = lines.indexOf("```sh");
        assertTrue(fence >= 0 && fence <= 3, "the README should open with its commands");
        assertTrue(lines.get(fence + 1).startsWith("./run-local") && lines.get(fence + 2).startsWith("./run-tests"),
                "the README's first two commands should be ./run-local and ./run-tests");
    }

    @Test
    void noTwoClassesShareAName() throws IOException {
        Path root = Repo.root();
        Map<String, List<String>> byName = new HashMap<>();
        for (Path file : projectFiles(root)) {
            String name = file.getFileName().toString();
            if (name.endsWith(".java")) {
                byName.computeIfAbsent(name, n -> new ArrayList<>()).add(root.relativize(file).toString());
            }
        }
        List<String> clashes = byName.values().stream().filter(paths -> paths.size() > 1).map(Object::toString).toList();
        assertTrue(byName.size() > 100, "too few classes found (" + byName.size() + ")");
        assertEquals(List.of(), clashes, "one name, one meaning: give each of these a name of its own");
    }

    static List<String> offences(String line) {
        List<String> found = new ArrayList<>();
        NOT_ABOUT_THE_PROJECT.forEach((pattern, what) -> {
            if (pattern.matcher(line).find() && !found.contains(what)) {
                found.add(what);
            }
        });
        return found;
    }

    /** The files git tracks or would track (not those it ignores); outside a clone, all but build and tool output. */
    private static List<Path> projectFiles(Path root) throws IOException {
        try {
            Process git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                    .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0 && out.length > 0) {
                List<Path> files = new ArrayList<>();
                for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
                    Path file = root.resolve(name);
                    if (!name.isEmpty() && Files.isRegularFile(file)) {
                        files.add(file);
                    }
                }
                return files;
            }
        } catch (IOException e) {
            // no git here: walk the tree instead
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            if (UNREAD_DIRECTORIES.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .toList();
        }
    }

    /** Committed fuzz inputs are data a fuzzer wrote, not prose. */
    private static boolean isFuzzInput(Path relative) {
        for (Path part : relative) {
            if (part.toString().endsWith("Inputs")) {
                return true;
            }
        }
        return false;
    }

    /** The file as UTF-8 text, or empty for a binary file. */
    private static Optional<String> text(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The Markdown without its fenced code blocks and inline code, where brackets are not links. */
    private static String withoutCode(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                out.append(line.replaceAll("`[^`]*`", "``")).append('\n');
            }
        }
        return out.toString();
    }

    /** The anchors a Markdown file's headings get on GitHub: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(Path file) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        boolean fenced = false;
        for (String line : text.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
            }
            Matcher heading = HEADING.matcher(line);
            if (fenced || !heading.matches()) {
                continue;
            }
            String slug = heading.group(1).strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }
}
