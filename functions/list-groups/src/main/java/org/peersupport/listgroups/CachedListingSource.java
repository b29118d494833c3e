package org.peersupport.listgroups;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.peersupport.shared.Log;

/**
 * Keeps the listing for a short time per container, so a warm request does no I/O. If a refresh
 * fails, the last good listing is served for up to {@code staleLimit} rather than an error: the
 * groups rarely change, and a visitor is better served by a minute-old list than none.
 */
public final class CachedListingSource implements ListingSource {
    private final ListingSource source;
    private final Clock clock;
    private final Duration ttl;
    private final Duration staleLimit;
    private Listing cached;
    private Instant loadedAt = Instant.MIN;

    public CachedListingSource(ListingSource source, Clock clock, Duration ttl, Duration staleLimit) {
        this.source = source;
        this.clock = clock;
        this.ttl = ttl;
        this.staleLimit = staleLimit;
    }

    @Override
    public synchronized Listing load() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(loadedAt.plus(ttl))) {
            return cached;
        }
        try {
            cached = source.load();
            loadedAt = now;
            return cached;
        } catch (RuntimeException e) {
            if (cached != null && now.isBefore(loadedAt.plus(staleLimit))) {
                Log.error("listing.refresh_failed_serving_stale", e,
                        "ageSeconds", Duration.between(loadedAt, now).toSeconds());
                return cached;
            }
            throw e;
        }
    }
}
