package org.peersupport.local.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;
import org.peersupport.local.gateway.Gateway;
import org.peersupport.local.gateway.HttpRequest;
import org.peersupport.local.gateway.HttpResponse;

/**
 * {@code GET /_local/outbox}: the email the stack has sent through SES on the local endpoint,
 * oldest first, as {@code {"messages": [{"to", "from", "subject", "text", "html"}]}}. Read from
 * moto's own store ({@code /moto-api/data.json}: {@code ses.Message} for simple sends, which keep
 * only one body, and {@code ses.RawMessage} for MIME sends, parsed here), or from LocalStack's
 * {@code /_aws/ses} when the endpoint is LocalStack.
 */
public final class Outbox implements Gateway.Endpoint {
    public static final String PATH = "/_local/outbox";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADDRESS = Pattern.compile("<([^>]+)>");

    private final URI endpoint;

    public Outbox(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** One sent message. {@code text} or {@code html} is null when the message had no such part. */
    public record Mail(List<String> to, String from, String subject, String text, String html) {
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws IOException {
        if (!request.path().equals(PATH)) {
            return null;
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return new HttpResponse(405, List.of(Map.entry("Allow", "GET"),
                    Map.entry("Content-Type", "application/json; charset=utf-8")),
                    "{\"message\":\"Method Not Allowed\"}".getBytes(StandardCharsets.UTF_8));
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        for (Mail mail : read()) {
            ObjectNode message = messages.addObject();
            ArrayNode to = message.putArray("to");
            mail.to().forEach(to::add);
            message.put("from", mail.from());
            message.put("subject", mail.subject());
            message.put("text", mail.text());
            message.put("html", mail.html());
        }
        return new HttpResponse(200, List.of(
                Map.entry("Content-Type", "application/json; charset=utf-8"),
                Map.entry("Cache-Control", "no-store"),
                Map.entry("X-Content-Type-Options", "nosniff")),
                JSON.writeValueAsBytes(body));
    }

    /** Every message sent so far, oldest first. */
    public List<Mail> read() throws IOException {
        Fetched moto = get("/moto-api/data.json");
        if (moto.status() == 200) {
            return fromMoto(JSON.readTree(moto.body()));
        }
        Fetched localStack = get("/_aws/ses");
        if (localStack.status() == 200) {
            return fromLocalStack(JSON.readTree(localStack.body()));
        }
        throw new IOException("The endpoint " + endpoint + " offers no way to read sent email (moto's /moto-api/data.json"
                + " or LocalStack's /_aws/ses)");
    }

    /**
     * moto keeps each kind of message in its own list, in the order sent; a stack that sends both
     * simple and raw messages cannot be put in one order, so simple ones come first.
     */
    static List<Mail> fromMoto(JsonNode data) {
        List<Mail> mails = new ArrayList<>();
        JsonNode ses = data.path("ses");
        for (JsonNode message : ses.path("Message")) {
            String body = message.path("body").asText("");
            boolean html = looksLikeHtml(body);
            List<String> to = new ArrayList<>();
            message.path("destinations").path("ToAddresses").forEach(a -> to.add(a.asText()));
            mails.add(new Mail(to, message.path("source").asText(null), message.path("subject").asText(null),
                    html ? null : body, html ? body : null));
        }
        for (JsonNode message : ses.path("RawMessage")) {
            List<String> destinations = new ArrayList<>();
            message.path("destinations").forEach(a -> destinations.add(a.asText()));
            mails.add(parseRaw(message.path("raw_data").asText(""), destinations, message.path("source").asText(null)));
        }
        return mails;
    }

    static List<Mail> fromLocalStack(JsonNode data) {
        List<JsonNode> sorted = new ArrayList<>();
        data.path("messages").forEach(sorted::add);
        sorted.sort((a, b) -> a.path("Timestamp").asText("").compareTo(b.path("Timestamp").asText("")));
        List<Mail> mails = new ArrayList<>();
        for (JsonNode message : sorted) {
            List<String> to = new ArrayList<>();
            message.path("Destination").path("ToAddresses").forEach(a -> to.add(a.asText()));
            if (message.hasNonNull("RawData")) {
                mails.add(parseRaw(message.path("RawData").asText(), to, message.path("Source").asText(null)));
            } else {
                mails.add(new Mail(to, message.path("Source").asText(null), message.path("Subject").asText(null),
                        message.path("Body").path("text_part").asText(null), message.path("Body").path("html_part").asText(null)));
            }
        }
        return mails;
    }

    /** A MIME message: recipients from the envelope and the To header, once each; the first text and HTML parts. */
    static Mail parseRaw(String raw, List<String> envelope, String source) {
        Message message;
        try {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
            message = builder.parseMessage(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable MIME message", e);
        }
        Set<String> to = new LinkedHashSet<>();
        envelope.forEach(a -> to.add(address(a)));
        if (message.getTo() != null) {
            for (Address address : message.getTo()) {
                if (address instanceof Mailbox mailbox) {
                    to.add(mailbox.getAddress());
                }
            }
        }
        String from = source;
        MailboxList fromHeader = message.getFrom();
        if (fromHeader != null && !fromHeader.isEmpty()) {
            from = fromHeader.get(0).getAddress();
        } else if (from != null) {
            from = address(from);
        }
        String[] parts = new String[2];
        collect(message, parts);
        return new Mail(List.copyOf(to), from, message.getSubject(), parts[0], parts[1]);
    }

    private static void collect(Entity entity, String[] parts) {
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                collect(part, parts);
            }
        } else if (body instanceof Message nested) {
            collect(nested, parts);
        } else if (body instanceof TextBody text && !"attachment".equalsIgnoreCase(entity.getDispositionType())) {
            String type = entity.getMimeType().toLowerCase(Locale.ROOT);
            int slot = type.equals("text/plain") ? 0 : type.equals("text/html") ? 1 : -1;
            if (slot >= 0 && parts[slot] == null) {
                try (Reader reader = text.getReader()) {
                    StringBuilder out = new StringBuilder();
                    char[] buffer = new char[4096];
                    int n;
                    while ((n = reader.read(buffer)) > 0) {
                        out.append(buffer, 0, n);
                    }
                    parts[slot] = out.toString();
                } catch (IOException e) {
                    throw new IllegalStateException("unreadable MIME part", e);
                }
            }
        }
    }

    private static String address(String value) {
        Matcher matcher = ADDRESS.matcher(value);
        return matcher.find() ? matcher.group(1).trim() : value.trim();
    }

    private static boolean looksLikeHtml(String body) {
        String start = body.stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<body")
                || start.startsWith("<div") || start.startsWith("<p") || start.startsWith("<table");
    }

    private record Fetched(int status, byte[] body) {
    }

    private Fetched get(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(10_000);
        try {
            int status = connection.getResponseCode();
            if (status != 200) {
                return new Fetched(status, new byte[0]);
            }
            try (var in = connection.getInputStream()) {
                return new Fetched(status, in.readAllBytes());
            }
        } finally {
            connection.disconnect();
        }
    }
}
