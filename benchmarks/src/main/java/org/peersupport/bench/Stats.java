package org.peersupport.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians and percentiles of measured runs. */
final class Stats {
    private Stats() {
    }

    static <T> double median(Collection<T> runs, ToDoubleFunction<T> value) {
        return percentile(runs, value, 50);
    }

    /** The nearest-rank percentile; the median of an even count is the mean of the middle two. */
    static <T> double percentile(Collection<T> runs, ToDoubleFunction<T> value, double p) {
        List<Double> sorted = sorted(runs, value);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int n = sorted.size();
        if (p == 50 && n % 2 == 0) {
            return (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted.get(Math.max(0, Math.min(n - 1, rank - 1)));
    }

    static <T> double min(Collection<T> runs, ToDoubleFunction<T> value) {
        List<Double> sorted = sorted(runs, value);
        return sorted.isEmpty() ? Double.NaN : sorted.get(0);
    }

    static <T> double max(Collection<T> runs, ToDoubleFunction<T> value) {
        List<Double> sorted = sorted(runs, value);
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
    }

    private static <T> List<Double> sorted(Collection<T> runs, ToDoubleFunction<T> value) {
        List<Double> values = new ArrayList<>();
        for (T run : runs) {
            values.add(value.applyAsDouble(run));
        }
        values.sort(null);
        return values;
    }
}
