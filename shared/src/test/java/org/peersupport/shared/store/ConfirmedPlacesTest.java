package org.peersupport.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

class ConfirmedPlacesTest {
    static final LocalDate TODAY = LocalDate.parse("2026-11-25");

    static long epoch(String date) {
        return LocalDate.parse(date).atTime(12, 0).toEpochSecond(ZoneOffset.UTC);
    }

    static ConfirmedPlaces places(long version, Map<String, String> days) {
        Map<String, AttributeValue> map = new java.util.HashMap<>();
        days.forEach((d, n) -> map.put(d, AttributeValue.fromN(n)));
        return ConfirmedPlaces.of("t", "g", Map.of(ConfirmedPlaces.VERSION, AttributeValue.fromN(Long.toString(version)),
                ConfirmedPlaces.BY_EXPIRY_DAY, AttributeValue.fromM(map)));
    }

    @Test
    void placesFreeThemselvesOnTheDayAfterTheirSignupsExpire() {
        ConfirmedPlaces places = places(3, Map.of("2026-11-24", "4", "2026-11-25", "2", "2027-05-01", "1"));
        assertEquals(3, places.held(TODAY)); // today's still count; yesterday's are free
        assertEquals(1, places.held(TODAY.plusDays(1)));
        assertEquals(0, ConfirmedPlaces.of("t", "g", null).held(TODAY));
    }

    @Test
    void claimAndRelease_rewriteThePrunedMap_underTheVersionRead() {
        ConfirmedPlaces places = places(3, Map.of("2026-11-24", "4", "2027-05-01", "1"));
        TransactWriteItem claim = places.claim(epoch("2027-05-01"), TODAY);
        assertEquals("#v = :v", claim.update().conditionExpression());
        assertEquals("3", claim.update().expressionAttributeValues().get(":v").n());
        assertEquals("4", claim.update().expressionAttributeValues().get(":next").n());
        assertEquals(Map.of("2027-05-01", AttributeValue.fromN("2")),
                claim.update().expressionAttributeValues().get(":days").m());

        TransactWriteItem release = places.release(epoch("2027-05-01"), TODAY);
        assertEquals(Map.of(), release.update().expressionAttributeValues().get(":days").m());
        TransactWriteItem move = places.move(epoch("2027-05-01"), epoch("2027-05-03"), TODAY);
        assertEquals(Map.of("2027-05-03", AttributeValue.fromN("1")), move.update().expressionAttributeValues().get(":days").m());

        TransactWriteItem keep = places.keep(TODAY); // a waitlisted sign-up: no place, a new version
        assertEquals(Map.of("2027-05-01", AttributeValue.fromN("1")), keep.update().expressionAttributeValues().get(":days").m());
        assertEquals("4", keep.update().expressionAttributeValues().get(":next").n());

        TransactWriteItem first = ConfirmedPlaces.of("t", "g", Map.of()).claim(epoch("2027-05-01"), TODAY);
        assertEquals("attribute_not_exists(#v)", first.update().conditionExpression());
    }
}
