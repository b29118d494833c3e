package org.peersupport.local.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.peersupport.local.gateway.Gateway;
import org.peersupport.local.gateway.HttpRequest;
import org.peersupport.local.gateway.HttpResponse;
import org.peersupport.testkit.MotoOutbox;

/**
 * {@code GET /_local/outbox}: the email the stack has sent through SES on the local endpoint,
 * oldest first, as {@code {"messages": [{"to", "from", "subject", "text", "html", "calendar"}]}}. Read from
 * moto's own store (testkit's {@link MotoOutbox}, which reads MIME sends as a mail client would),
 * or from LocalStack's {@code /_aws/ses} when the endpoint is LocalStack.
 */
public final class Outbox implements Gateway.Endpoint {
    public static final String PATH = "/_local/outbox";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;

    public Outbox(URI endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * One sent message. {@code text} or {@code html} is null when the message had no such part;
     * {@code calendar} is an attached calendar file's text, or null.
     */
    public record Mail(List<String> to, String from, String subject, String text, String html, String calendar) {
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws IOException {
        return HttpResponse.ifGet(request, PATH, this::answer);
    }

    private HttpResponse answer() throws IOException {
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
            message.put("calendar", mail.calendar());
        }
        return HttpResponse.local(200, JSON.writeValueAsBytes(body));
    }

    /** Every message sent so far, oldest first. */
    public List<Mail> read() throws IOException {
        if (get("/moto-api/").status() == 200) {
            List<Mail> mails = new ArrayList<>();
            for (MotoOutbox.Mail mail : MotoOutbox.all(endpoint)) {
                mails.add(new Mail(mail.to(), mail.from(), mail.subject(), mail.text(), mail.html(), mail.calendar()));
            }
            return mails;
        }
        Fetched localStack = get("/_aws/ses");
        if (localStack.status() == 200) {
            return fromLocalStack(JSON.readTree(localStack.body()));
        }
        throw new IOException("The endpoint " + endpoint + " offers no way to read sent email (moto's /moto-api/data.json"
                + " or LocalStack's /_aws/ses)");
    }

    /** LocalStack's {@code /_aws/ses}: raw messages carry their MIME, simple ones their parts; oldest first by timestamp. */
    static List<Mail> fromLocalStack(JsonNode data) {
        List<JsonNode> sorted = new ArrayList<>();
        data.path("messages").forEach(sorted::add);
        sorted.sort((a, b) -> a.path("Timestamp").asText("").compareTo(b.path("Timestamp").asText("")));
        List<Mail> mails = new ArrayList<>();
        for (JsonNode message : sorted) {
            if (message.hasNonNull("RawData")) {
                MotoOutbox.Mail raw = MotoOutbox.parse(message.path("Id").asText(null), message.path("Source").asText(null),
                        message.path("RawData").asText());
                mails.add(new Mail(raw.to(), raw.from(), raw.subject(), raw.text(), raw.html(), raw.calendar()));
            } else {
                List<String> to = new ArrayList<>();
                message.path("Destination").path("ToAddresses").forEach(a -> to.add(a.asText()));
                mails.add(new Mail(to, message.path("Source").asText(null), message.path("Subject").asText(null),
                        message.path("Body").path("text_part").asText(null), message.path("Body").path("html_part").asText(null),
                        null));
            }
        }
        return mails;
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
