package org.peersupport.exportsignups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peersupport.shared.http.Cursors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ExportRequestTest {
    static final ZoneId DENVER = ZoneId.of("America/Denver");

    @Test
    void defaults_areCsvAndAThousandRows() {
        ExportRequest request = ExportRequest.parse(Map.of());
        assertEquals(ExportRequest.Format.CSV, request.format());
        assertEquals(1000, request.limit());
        assertNull(request.createdFrom(DENVER));
    }

    @Test
    void dates_areWholeDaysInTheOrganisationsZone_acrossDaylightSaving() {
        // 2026-03-08 is the day Denver springs forward; 2026-11-01 the day it falls back.
        ExportRequest request = ExportRequest.parse(Map.of("since", "2026-03-08", "until", "2026-11-01"));
        assertEquals("2026-03-08T07:00:00", request.createdFrom(DENVER));
        assertEquals("2026-11-02T07:00:00", request.createdBefore(DENVER));
        // Stored times compare as text: the first millisecond of the day is in, the last of the day before out.
        assertEquals(true, "2026-03-08T07:00:00Z".compareTo(request.createdFrom(DENVER)) >= 0);
        assertEquals(true, "2026-03-08T07:00:00.001Z".compareTo(request.createdFrom(DENVER)) >= 0);
        assertEquals(true, "2026-03-08T06:59:59.999Z".compareTo(request.createdFrom(DENVER)) < 0);
        assertEquals(true, "2026-11-02T06:59:59.999Z".compareTo(request.createdBefore(DENVER)) < 0);
        assertEquals(true, "2026-11-02T07:00:00Z".compareTo(request.createdBefore(DENVER)) >= 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "since | 2026-13-01", "since | yesterday", "until | 2026-02-30", "format | xlsx", "limit | 0",
        "limit | 5001", "limit | -5", "limit | 1e3", "groupId | ../etc", "groupId | Group_A", "colour | blue"})
    void badParameters_areNamed(String name, String value) {
        var e = assertThrows(ExportRequest.InvalidExportRequestException.class,
                () -> ExportRequest.parse(Map.of(name, value)));
        assertEquals(java.util.Set.of(name), e.fields().keySet());
        if (value.length() > 2) { // "0" is in "5000", and that is not an echo
            e.fields().values().forEach(message -> assertEquals(false, message.contains(value)));
        }
    }

    @Test
    void untilBeforeSince_isRefused() {
        var e = assertThrows(ExportRequest.InvalidExportRequestException.class,
                () -> ExportRequest.parse(Map.of("since", "2026-11-02", "until", "2026-11-01")));
        assertEquals(java.util.Set.of("until"), e.fields().keySet());
    }

    @Test
    void cursor_roundTrips_butOnlyForTheSameFilters() {
        ExportRequest request = ExportRequest.parse(Map.of("groupId", "g-1", "since", "2026-01-01"));
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("GROUP#g-1"), "sk", AttributeValue.fromS("SIGNUP#abc_-1"));
        String cursor = ExportCursor.encode(key, request);
        assertEquals(key, ExportCursor.decode(cursor, request));

        ExportRequest other = ExportRequest.parse(Map.of("groupId", "g-1", "since", "2026-01-02"));
        assertThrows(Cursors.InvalidCursorException.class, () -> ExportCursor.decode(cursor, other));
        ExportRequest allGroups = ExportRequest.parse(Map.of("since", "2026-01-01"));
        assertThrows(Cursors.InvalidCursorException.class, () -> ExportCursor.decode(cursor, allGroups));
    }

    @Test
    void cursor_tamperedOrForged_isRefused() {
        ExportRequest request = ExportRequest.parse(Map.of());
        String fingerprint = ExportCursor.fingerprint(request);
        String good = ExportCursor.encode(Map.of("pk", AttributeValue.fromS("GROUP#g"), "sk", AttributeValue.fromS("SIGNUP#k")), request);
        for (String bad : new String[] {
            good.substring(0, good.length() - 2), good + "A", good.replace('A', 'B') + "x", "not a cursor", "%00",
            Cursors.encode(Map.of("pk", "GROUP#g", "sk", "COUNT", "f", fingerprint)),
            Cursors.encode(Map.of("pk", "IP#x", "sk", "SIGNUP#k", "f", fingerprint)),
            Cursors.encode(Map.of("pk", "GROUP#g", "sk", "SIGNUP#k", "f", "nope")),
            Cursors.encode(Map.of("pk", "GROUP#g", "sk", "SIGNUP#k", "f", fingerprint, "extra", "x")),
            Cursors.encode(Map.of("pk", "GROUP#g", "sk", "SIGNUP#k"))}) {
            assertThrows(Cursors.InvalidCursorException.class, () -> ExportCursor.decode(bad, request), bad);
        }
    }
}
