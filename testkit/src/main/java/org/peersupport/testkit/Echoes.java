package org.peersupport.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The fuzz tests' oracle for "nothing submitted comes back": whether a value a request carried
 * appears in what the handler answered or logged. A response always holds some text of its own
 * (messages, page markup, field names, group names), and a fuzzer will sooner or later submit a
 * piece of it ({@code "email"}, {@code "Please"}); such a value is no echo. So a value counts only
 * when it has at least {@link #MIN_LENGTH} letters or digits ({@link #MIN_CHANCE_LENGTH} characters for one made
 * only of hex digits and separators, which a timestamp, a request id or an ETag holds by chance)
 * and neither it nor its JSON-, HTML- or URL-escaped form occurs in the handler's own vocabulary:
 * everything it answered and logged for a set of baseline requests, collected with {@link #learn}.
 */
public final class Echoes {
    public static final int MIN_LENGTH = 4;
    /** Values made only of hex digits and separators are checked from this length on. */
    public static final int MIN_CHANCE_LENGTH = 8;
    private static final java.util.regex.Pattern CHANCE = java.util.regex.Pattern.compile("[0-9A-Fa-f\\s.:_+/-]*");
    private final StringBuilder vocabulary = new StringBuilder();

    /** Adds text the handler produces by itself (responses and log lines to baseline requests). */
    public void learn(String text) {
        if (text != null) {
            vocabulary.append(text.toLowerCase(Locale.ROOT)).append('\n');
        }
    }

    /** Adds what a handler answers (status, headers, body) and logs to a baseline request. */
    public void learnFrom(Supplier<com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse> baseline) {
        Captured<com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse> run = capture(baseline);
        learn(text(run.result()));
        learn(run.output());
    }

    /** The submitted values found in the text, each as the caller gave it; empty when nothing came back. */
    public List<String> foundIn(String text, Collection<String> submitted) {
        return foundIn(text, submitted, List.of());
    }

    /**
     * As {@link #foundIn(String, Collection)}, with text that comes back by design taken out of the
     * answer first: the names of unknown query parameters, which the contract's 400 names in its
     * {@code fields}, or the answer's own {@code ETag}, which a fuzzer learns and sends back. Without that, a value that is a piece of such a name ({@code "NNNN"} of a
     * parameter {@code "pNNNNNNNN"}) would be "found" in the name.
     */
    public List<String> foundIn(String text, Collection<String> submitted, Collection<String> namedBack) {
        List<String> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        // Longest first: a name inside another ("0000" in "0000-NNNN") must not break the longer one.
        List<String> names = new ArrayList<>(namedBack);
        names.sort(java.util.Comparator.comparingInt(String::length).reversed());
        for (String name : names) {
            for (String form : forms(name.toLowerCase(Locale.ROOT))) {
                if (!form.isEmpty()) {
                    lower = lower.replace(form, "\u0000");
                }
            }
        }
        String known = vocabulary.toString();
        for (String value : submitted) {
            if (value == null || value.codePoints().filter(Character::isLetterOrDigit).count() < MIN_LENGTH) {
                continue; // blanks and punctuation say nothing about anyone
            }
            if (value.strip().length() < MIN_CHANCE_LENGTH && CHANCE.matcher(value).matches()) {
                continue; // "0001", "2026": in a log line's time, a request id or an ETag by chance
            }
            for (String form : forms(value.toLowerCase(Locale.ROOT))) {
                if (form.strip().length() >= MIN_LENGTH && lower.contains(form) && !known.contains(form)) {
                    found.add(value);
                    break;
                }
            }
        }
        return found;
    }

    /**
     * Whether the handler's log says the AWS endpoint took longer than the SDK's call timeouts: a
     * long fuzzing session makes moto slower as its tables and streams grow, and the handler then
     * rightly answers 503. That says nothing about the input, so the fuzz tests count such answers
     * rather than failing on them.
     */
    public static boolean endpointTimedOut(String output) {
        return output.contains("\"errorType\":\"software.amazon.awssdk.core.exception.ApiCallTimeoutException\"")
                || output.contains("\"errorType\":\"software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException\"");
    }

    /** Everything a response shows a client: status, headers and body. */
    public static String text(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse response) {
        StringBuilder text = new StringBuilder().append(response.getStatusCode()).append('\n');
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        }
        return text.append(response.getBody()).toString();
    }

    /** A value as written raw, stripped, and escaped for JSON (non-ASCII escaped or not, as Jackson writes it), HTML and URLs. */
    static List<String> forms(String value) {
        List<String> forms = new ArrayList<>(List.of(value, value.strip(), json(value, true), json(value, false), html(value)));
        forms.add(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        return forms;
    }

    private static String json(String value, boolean escapeNonAscii) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (escapeNonAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String html(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** What a piece of code printed to standard output (where {@code shared/Log} writes), and its result. */
    public record Captured<T>(T result, String output) {
    }

    /** Runs the code with standard output captured (single-threaded callers only: it swaps System.out). */
    public static synchronized <T> Captured<T> capture(Supplier<T> code) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            T result = code.get();
            capture.flush();
            return new Captured<>(result, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
