package org.peersupport.shared.http;

import java.util.List;
import java.util.Locale;

/** The languages pages and emails are written in, and choosing one from {@code Accept-Language}. */
public final class Languages {
    public static final String ENGLISH = "en";
    public static final String SPANISH = "es";
    public static final List<String> SUPPORTED = List.of(ENGLISH, SPANISH);

    private Languages() {
    }

    public static boolean isSupported(String code) {
        return code != null && SUPPORTED.contains(code);
    }

    /**
     * The supported language the reader prefers by {@code Accept-Language} (RFC 9110 weights;
     * {@code es-MX} counts as {@code es}), or {@code fallback} when the header names neither.
     */
    public static String fromAcceptLanguage(String header, String fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        String best = null;
        double bestWeight = 0;
        for (String range : header.split(",")) {
            String[] parts = range.split(";");
            String tag = parts[0].strip().toLowerCase(Locale.ROOT);
            String primary = tag.split("-", 2)[0];
            double weight = 1;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].strip();
                if (param.startsWith("q=")) {
                    try {
                        weight = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        weight = 0;
                    }
                }
            }
            if (isSupported(primary) && weight > bestWeight) {
                best = primary;
                bestWeight = weight;
            }
        }
        return best == null ? fallback : best;
    }
}
