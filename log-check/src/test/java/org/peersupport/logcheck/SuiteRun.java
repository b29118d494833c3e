package org.peersupport.logcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The run of the suite these checks read. {@code ./run-tests} builds every other module first and
 * then this one in a second Maven invocation, telling it when the first began
 * ({@code -Dlog-check.since}, milliseconds since the epoch) and whether it built only some modules
 * ({@code -Dlog-check.partial=true}, when Maven was given arguments of the caller's).
 *
 * <p>Only files written since the run began are read: output, calls and exchanges a module's
 * target kept from an earlier run (of a test left out since, or of a module not built this time)
 * neither hide a finding nor stand in for a test that did not run. Without {@code log-check.since}
 * (the module run by hand) every file is read. The ledgers of submitted values are read whatever
 * their age: a value looked for in vain costs nothing.
 *
 * <p>A full run must have every module with tests write output; a partial one is held to what its
 * modules wrote, and the judgements that need the whole suite (every route checked, every grant
 * needed) are left out, saying so.
 */
final class SuiteRun {
    /** Not Maven modules with tests of their own, or this module itself. */
    private static final Set<String> SKIPPED = Set.of(".git", ".venv", "node_modules", "log-check");

    private final Path root;
    private final long since;
    private final boolean partial;

    private SuiteRun(Path root, long since, boolean partial) {
        this.root = root;
        this.since = since;
        this.partial = partial;
    }

    static SuiteRun of(Path root) {
        String since = System.getProperty("log-check.since", "");
        return new SuiteRun(root, since.isBlank() ? 0 : Long.parseLong(since.strip()),
                Boolean.parseBoolean(System.getProperty("log-check.partial")));
    }

    /** Whether only some modules were built, so that the whole suite's judgements cannot be made. */
    boolean partial() {
        return partial;
    }

    /** Every Maven module's target directory but this module's. */
    List<Path> moduleTargets() {
        try (Stream<Path> paths = Files.walk(root, 4)) {
            return paths.filter(p -> p.getFileName() != null && p.getFileName().toString().equals("target"))
                    .filter(Files::isDirectory)
                    .filter(p -> Files.isRegularFile(p.resolveSibling("pom.xml")))
                    .filter(p -> !p.equals(root.resolve("target")) && !SKIPPED.contains(root.relativize(p).getName(0).toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code name} in every module's target directory. */
    List<Path> inEveryTarget(String name) {
        return moduleTargets().stream().map(target -> target.resolve(name)).toList();
    }

    /** Whether the file was written in this run. */
    boolean written(Path file) {
        try {
            return since == 0 || Files.getLastModifiedTime(file).toMillis() >= since;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }
}
