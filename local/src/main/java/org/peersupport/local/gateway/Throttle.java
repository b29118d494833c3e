package org.peersupport.local.gateway;

/**
 * API Gateway's throttling for a stage or route ({@code ThrottlingBurstLimit},
 * {@code ThrottlingRateLimit}): a token bucket holding up to the burst, refilled at the rate per
 * second. Past it the gateway answers 429 without calling the function.
 */
public final class Throttle {
    private final double burst;
    private final double ratePerSecond;
    private double tokens;
    private long last;

    public Throttle(double burst, double ratePerSecond) {
        this.burst = burst;
        this.ratePerSecond = ratePerSecond;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** Takes one request's token; false when the bucket is empty. */
    public synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * ratePerSecond);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "burst " + (long) burst + ", " + ratePerSecond + "/s";
    }
}
