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

    /** RFC 4180 with CRLF, UTF-8, every cell quoted, and spreadsheet-formula triggers neutralised. */
    static final class Csv extends ExportPage {
        static final String HEADER = header();

        private static String header() {
            StringBuilder row = new StringBuilder();
            for (String column : COLUMNS) {
                if (row.length() > 0) {
                    row.append(',');
                }
                cell(row, column);
            }
            return row.append("\r\n").toString();
        }

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
         * Every cell quoted (RFC 4180, quotes doubled), so no separator inside a value starts a
         * new cell for a reader that follows the quotes. A spreadsheet whose list separator is
         * {@code ;} (Spanish, German or French settings) splits a line at every {@code ;} whatever
         * the quotes, so a value can still begin a cell there: any character a spreadsheet would
         * run as a formula or control ({@code = + - @}, tab, CR) that starts the value, or follows
         * a {@code ;} or {@code ,} in it (spaces and quotes between allowed), gets a leading
         * apostrophe (OWASP's CSV injection advice), so phone numbers read {@code '+15550100}.
         */
        static void cell(StringBuilder out, String value) {
            out.append('"');
            if (value != null) {
                boolean cellStart = true;
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (cellStart && isTrigger(c)) {
                        out.append('\'');
                    }
                    out.append(c);
                    if (c == '"') {
                        out.append('"');
                    }
                    if (c == ';' || c == ',') {
                        cellStart = true;
                    } else if (c != ' ' && c != '"') {
                        cellStart = false;
                    }
                }
            }
            out.append('"');
        }

        static boolean isTrigger(char c) {
            return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
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
