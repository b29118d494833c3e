package org.peersupport.listgroups;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query of {@code GET /hsds/services}: HSDS paging ({@code page} from 1, {@code per_page}).
 * HSDS's other parameters filter (search, taxonomy, organisation, postcode, modified_after) and
 * this feed has no such filters, so they are refused rather than ignored: ignoring one would
 * answer a question nobody asked as if it were the one asked. {@code full} is accepted either way
 * (every service is always whole) and {@code format} only as {@code json}.
 */
record FeedQuery(int page, int perPage) {
    static final int DEFAULT_PER_PAGE = 50;
    static final int MAX_PER_PAGE = 100;
    static final int MAX_PAGE = 100_000;

    static FeedQuery parse(Map<String, String> query) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String name : new TreeSet<>(query.keySet())) {
            if (!Set.of("page", "per_page", "full", "format").contains(name)) {
                errors.put(name, "This feed does not filter. Use page and per_page.");
            }
        }
        int page = number(query.get("page"), 1, MAX_PAGE, 1);
        if (page == 0) {
            errors.put("page", "Use a page number from 1 to " + MAX_PAGE + ".");
        }
        int perPage = number(query.get("per_page"), 1, MAX_PER_PAGE, DEFAULT_PER_PAGE);
        if (perPage == 0) {
            errors.put("per_page", "Use a number of services per page from 1 to " + MAX_PER_PAGE + ".");
        }
        String full = blankToNull(query.get("full"));
        if (full != null && !full.equals("true") && !full.equals("false")) {
            errors.put("full", "Use true or false.");
        }
        String format = blankToNull(query.get("format"));
        if (format != null && !format.equals("json")) {
            errors.put("format", "Only json is available.");
        }
        if (!errors.isEmpty()) {
            throw new GroupQuery.InvalidQueryException(errors);
        }
        return new FeedQuery(page, perPage);
    }

    /** A whole number within [min, max]; the fallback when absent or empty; 0 when invalid. */
    private static int number(String raw, int min, int max, int fallback) {
        String text = blankToNull(raw);
        if (text == null) {
            return fallback;
        }
        if (!text.matches("[0-9]{1,6}")) {
            return 0;
        }
        int value = Integer.parseInt(text);
        return value < min || value > max ? 0 : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
