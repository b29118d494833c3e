package org.peersupport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ledger of the personal data tests submit (names, email addresses, phone numbers), written to
 * {@code target/personal-data-submitted.txt} in the module being tested, so that a check after the
 * whole suite can look for every one of them in every log line the suite wrote. Use
 * {@link #person()} for test sign-ups, or {@link #submitted} for values written by hand.
 */
public final class PersonalData {
    public static final String LEDGER = "personal-data-submitted.txt";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000L, 36);

    private PersonalData() {
    }

    /** A fictional person, unique within the run, recorded in the ledger. */
    public record Person(String firstName, String email, String phone) {
    }

    public static Person person() {
        int n = COUNTER.incrementAndGet();
        String suffix = RUN + n;
        // Distinctive enough that finding one in a log cannot be a coincidence.
        Person person = new Person("Testname" + suffix, "person." + suffix + "@example.org",
                String.format("+1555%07d", Math.floorMod((RUN + n).hashCode(), 10_000_000)));
        submitted(person.firstName(), person.email(), person.phone());
        return person;
    }

    /** Records values a test submitted as personal data. */
    public static synchronized void submitted(String... values) {
        Path ledger = Path.of("target", LEDGER);
        StringBuilder lines = new StringBuilder();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                lines.append(value.replace("\n", " ").replace("\r", " ")).append('\n');
            }
        }
        try {
            Files.createDirectories(ledger.getParent());
            Files.writeString(ledger, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
