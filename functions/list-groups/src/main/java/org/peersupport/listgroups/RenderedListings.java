package org.peersupport.listgroups;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of {@code GET /groups} per filter, kept while it cannot change: for the same listing,
 * until the first of its meetings ends (next meetings only change when one ends) and for at most
 * {@link #MAX_AGE}. Rendering every group's next meetings costs about 15 µs a group per request
 * (BENCHMARKS.md), the same answer again and again between refreshes. A few filters are kept, the
 * least recently used dropped first, so odd {@code area} values cannot grow it.
 */
final class RenderedListings {
    /** Also bounds what a rule's three-year horizon could bring in without a meeting ending. */
    static final Duration MAX_AGE = Duration.ofSeconds(30);
    static final int MAX_FILTERS = 16;

    record Body(String json, String etag) {
    }

    private record Entry(Listing listing, Instant validUntil, Body body) {
    }

    private final Map<GroupQuery, Entry> entries = new LinkedHashMap<>(MAX_FILTERS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<GroupQuery, Entry> eldest) {
            return size() > MAX_FILTERS;
        }
    };

    /** The body rendered for this listing and filter, if it is still what rendering now would give. */
    synchronized Body get(Listing listing, GroupQuery query, Instant now) {
        Entry entry = entries.get(query);
        return entry != null && entry.listing() == listing && now.isBefore(entry.validUntil()) ? entry.body() : null;
    }

    /** Keeps a body rendered at {@code renderedAt}, valid until {@code firstEnd} (the earliest end of a listed meeting). */
    synchronized void put(Listing listing, GroupQuery query, Instant renderedAt, Instant firstEnd, Body body) {
        Instant maxAge = renderedAt.plus(MAX_AGE);
        entries.put(query, new Entry(listing, firstEnd.isBefore(maxAge) ? firstEnd : maxAge, body));
    }
}
