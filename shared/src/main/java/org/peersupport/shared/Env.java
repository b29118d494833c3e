package org.peersupport.shared;

import java.net.URI;
import java.time.ZoneId;
import java.util.Map;
import org.peersupport.shared.schedule.InvalidScheduleException;
import org.peersupport.shared.schedule.Schedule;

/**
 * A function's configuration: the environment variables template.yaml sets, read and checked once
 * when the handler is built, so a misconfigured stack fails at start-up rather than per request.
 */
public final class Env {
    private final Map<String, String> values;

    public Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Environment variable " + name + " is not set");
        }
        return value;
    }

    public String optional(String name, String fallback) {
        String value = values.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public int integer(String name, int min, int max) {
        String value = required(name);
        try {
            int number = Integer.parseInt(value.trim());
            if (number < min || number > max) {
                throw new IllegalStateException("Environment variable " + name + " must be from " + min + " to " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Environment variable " + name + " must be a whole number", e);
        }
    }

    public ZoneId zone(String name) {
        try {
            return Schedule.zone(required(name));
        } catch (InvalidScheduleException e) {
            throw new IllegalStateException("Environment variable " + name + " must be an IANA time zone", e);
        }
    }

    /** An absolute {@link #publicUrl} without a trailing slash. */
    public String baseUrl(String name) {
        String value = publicUrl(name);
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    /**
     * An absolute URL people are sent to (email links, the thank-you page): {@code https://}, or
     * {@code http://} on a loopback host only, which is the local run. A deployment cannot mail
     * links that travel in the clear, or that point at a machine no one else can reach.
     */
    public String publicUrl(String name) {
        return checkedPublic(name, required(name));
    }

    /**
     * The home page of the site a {@link #publicUrl} is on ({@code https://host/}), for a URL that
     * may hold a placeholder such as {@code {groupId}} after its host.
     */
    public String siteRoot(String name) {
        String value = required(name);
        int scheme = value.indexOf("://");
        int end = scheme < 0 ? value.length() : scheme + 3;
        while (end < value.length() && "/?#".indexOf(value.charAt(end)) < 0) {
            end++;
        }
        return checkedPublic(name, value.substring(0, end) + "/");
    }

    private static String checkedPublic(String name, String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Environment variable " + name + " must be an https URL", e);
        }
        String host = uri.getHost();
        boolean https = "https".equals(uri.getScheme());
        boolean loopback = "http".equals(uri.getScheme()) && host != null
                && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
        if (host == null || !(https || loopback)) {
            throw new IllegalStateException("Environment variable " + name + " must be an https URL");
        }
        return value;
    }
}
