package org.peersupport.exportsignups;

import java.util.List;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.SignupItem;

/**
 * One page of the export, built row by row as sign-ups are read. It keeps count of what the
 * body will weigh once Lambda has put it in its JSON response (quotes, line breaks and
 * non-ASCII characters grow when escaped) and refuses a row that would take it past
 * {@code maxWireBytes}, so no page reaches Lambda's 6 MB response limit, whatever the rows hold.
 */
abstract class ExportPage {
    static final List<String> COLUMNS = List.of("signupId", "groupId", "groupName", "createdAt", "firstName",
            "email", "phone", "forWhom", "language", "status", "emailStatus");

    private final long maxWireBytes;
    final StringBuilder body = new StringBuilder(64 * 1024);
    private long wireBytes;
    private int rows;

    ExportPage(long maxWireBytes, String opening) {
        this.maxWireBytes = maxWireBytes;
        body.append(opening);
        wireBytes = wireSize(opening);
    }

    static ExportPage of(ExportRequest.Format format, long maxWireBytes) {
        return format == ExportRequest.Format.CSV ? new Csv(maxWireBytes) : new JsonRows(maxWireBytes);
    }

    /** Adds the row, or returns false (adding nothing) when it would make the page too large. */
    final boolean tryAdd(SignupItem item, String groupName) {
        String row = render(values(item, groupName), rows == 0);
        long size = wireSize(row);
        if (rows > 0 && wireBytes + size > maxWireBytes) {
            return false;
        }
        body.append(row);
        wireBytes += size;
        rows++;
        return true;
    }

    final int rows() {
        return rows;
    }

    /** The finished body; {@code nextCursor} is null on the last page. */
    abstract String finish(String nextCursor);

    abstract String render(String[] values, boolean first);

    static String[] values(SignupItem item, String groupName) {
        return new String[] {item.signupId(), item.groupId(), groupName, item.createdAt(), item.firstName(),
            item.email(), item.phone(), item.forWhom(), item.language(), item.status(), item.emailStatus()};
    }

    /** Bytes {@code text} takes inside a JSON string, counting every non-ASCII character as a 6-byte escape. */
    static long wireSize(CharSequence text) {
        long size = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
                size += 2;
            } else if (c < 0x20 || c >= 0x7f) {
                size += 6;
            } else {
                size += 1;
            }
        }
        return size;
    }

    /** RFC 4180 with CRLF, UTF-8, and spreadsheet-formula triggers neutralised. */
    static final class Csv extends ExportPage {
        static final String HEADER = String.join(",", COLUMNS) + "\r\n";

        Csv(long maxWireBytes) {
            super(maxWireBytes, HEADER);
        }

        @Override
        String render(String[] values, boolean first) {
            StringBuilder row = new StringBuilder(256);
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    row.append(',');
                }
                cell(row, values[i]);
            }
            return row.append("\r\n").toString();
        }

        /**
         * A cell that a spreadsheet would read as a formula or control ({@code = + - @}, tab, CR)
         * gets a leading apostrophe (OWASP's CSV injection advice); a cell holding a comma, quote
         * or line break is quoted, with quotes doubled (RFC 4180).
         */
        static void cell(StringBuilder out, String value) {
            if (value == null || value.isEmpty()) {
                return;
            }
            char first = value.charAt(0);
            String text = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                    ? "'" + value : value;
            boolean quote = false;
            for (int i = 0; i < text.length() && !quote; i++) {
                char c = text.charAt(i);
                quote = c == ',' || c == '"' || c == '\r' || c == '\n';
            }
            if (!quote) {
                out.append(text);
                return;
            }
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                out.append(c);
                if (c == '"') {
                    out.append('"');
                }
            }
            out.append('"');
        }

        @Override
        String finish(String nextCursor) {
            return body.toString();
        }
    }

    /** {@code {"signups": [...], "nextCursor": ...}}, each row written field by field. */
    static final class JsonRows extends ExportPage {
        JsonRows(long maxWireBytes) {
            super(maxWireBytes, "{\"signups\":[");
        }

        @Override
        String render(String[] values, boolean first) {
            return (first ? "" : ",") + Json.write(json -> {
                json.writeStartObject();
                for (int i = 0; i < values.length; i++) {
                    if (values[i] == null) {
                        json.writeNullField(COLUMNS.get(i));
                    } else {
                        json.writeStringField(COLUMNS.get(i), values[i]);
                    }
                }
                json.writeEndObject();
            });
        }

        @Override
        String finish(String nextCursor) {
            body.append("],\"nextCursor\":");
            body.append(nextCursor == null ? "null" : Json.write(json -> json.writeString(nextCursor)));
            return body.append('}').toString();
        }
    }
}
