package org.peersupport.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's top level, where template.yaml, events/ and data/ are. */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        String configured = System.getProperty("repo.root");
        if (configured != null && Files.isRegularFile(Path.of(configured, "template.yaml"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
