package org.peersupport.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.peersupport.shared.json.Json;

/**
 * The mail moto's SES has accepted, read back from its {@code GET /moto-api/data.json}: raw
 * messages (SES v2 {@code SendEmail} with raw content) are parsed as MIME with Apache mime4j, an
 * independent reader, so what is checked is what a mail client would see. Oldest first.
 */
public final class MotoOutbox {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(2000).maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private MotoOutbox() {
    }

    /**
     * One message as SES took it: {@code from} is the From address, {@code fromName} its display
     * name (decoded), {@code headers} the top-level headers as sent (names lower-cased),
     * {@code calendar} an attached {@code text/calendar} file's text (null for none).
     */
    public record Mail(String messageId, String source, List<String> to, String from, String fromName,
                       String subject, String text, String html, Map<String, List<String>> headers, String raw,
                       String calendar) {
    }

    /** Every message moto holds, oldest first. */
    public static List<Mail> all() {
        return all(Moto.endpoint());
    }

    public static List<Mail> all(URI endpoint) {
        Map<String, Object> ses = sesModels(endpoint);
        List<Mail> mail = new ArrayList<>();
        for (Object value : StackTemplate.list(ses.get("RawMessage"))) {
            Map<String, Object> raw = StackTemplate.map(value);
            mail.add(parse((String) raw.get("id"), (String) raw.get("source"), (String) raw.get("raw_data")));
        }
        for (Object value : StackTemplate.list(ses.get("Message"))) {
            Map<String, Object> simple = StackTemplate.map(value);
            List<String> to = new ArrayList<>();
            StackTemplate.list(StackTemplate.map(simple.get("destinations")).get("ToAddresses"))
                    .forEach(a -> to.add((String) a));
            String body = (String) simple.get("body");
            boolean html = body != null && body.toLowerCase(Locale.ROOT).contains("<html");
            mail.add(new Mail((String) simple.get("id"), (String) simple.get("source"), to, (String) simple.get("source"),
                    null, (String) simple.get("subject"), html ? null : body, html ? body : null, Map.of(), null, null));
        }
        return mail;
    }

    /** The messages to one address. */
    public static List<Mail> to(String address) {
        return all().stream().filter(m -> m.to().stream().anyMatch(a -> a.equalsIgnoreCase(address))).toList();
    }

    /** A raw message read as a mail client would. */
    public static Mail parse(String messageId, String source, String raw) {
        try {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(MimeConfig.STRICT);
            Message message = builder.parseMessage(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
            List<String> to = new ArrayList<>();
            if (message.getTo() != null) {
                for (Address address : message.getTo()) {
                    if (address instanceof Mailbox mailbox) {
                        to.add(mailbox.getAddress());
                    }
                }
            }
            MailboxList from = message.getFrom();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Field field : message.getHeader().getFields()) {
                headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(field.getBody());
            }
            String[] parts = new String[3];
            collect(message, parts);
            Mailbox sender = from == null || from.isEmpty() ? null : from.get(0);
            return new Mail(messageId, source, to, sender == null ? null : sender.getAddress(),
                    sender == null ? null : sender.getName(), message.getSubject(), parts[0], parts[1], headers, raw, parts[2]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(Entity entity, String[] parts) throws IOException {
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                collect(part, parts);
            }
        } else if (body instanceof TextBody text) {
            String type = entity.getMimeType();
            int slot = "text/html".equalsIgnoreCase(type) ? 1 : "text/calendar".equalsIgnoreCase(type) ? 2 : 0;
            try (Reader reader = text.getReader()) {
                StringBuilder out = new StringBuilder();
                char[] buffer = new char[4096];
                for (int n; (n = reader.read(buffer)) > 0; ) {
                    out.append(buffer, 0, n);
                }
                parts[slot] = out.toString();
            }
        }
    }

    /** Only the "ses" member of data.json, read with limits that fit moto's whole state. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sesModels(URI endpoint) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/data.json").toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(30_000);
            try (InputStream in = connection.getInputStream(); JsonParser parser = JSON.createParser(in)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return Map.of();
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("ses".equals(name)) {
                        return (Map<String, Object>) Json.read(parser, value);
                    }
                    parser.skipChildren();
                }
                return Map.of();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
