package org.peersupport.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Python tools the build uses, from the project's .venv when ./run-tests put them there, else PATH. */
public final class Tools {
    private Tools() {
    }

    public static String python(String tool) {
        Path venv = Repo.root().resolve(".venv/bin").resolve(tool);
        return Files.isExecutable(venv) ? venv.toString() : tool;
    }
}
