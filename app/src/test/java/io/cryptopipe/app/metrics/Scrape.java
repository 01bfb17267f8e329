package io.cryptopipe.app.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A Prometheus text scrape, parsed into series (name and labels) and values, for assertions. */
final class Scrape {
    private final String text;
    /** {@code name{a="1",b="2"}} as printed, labels in the printed order, to value. */
    private final Map<String, Double> series = new LinkedHashMap<>();
    private final Set<String> families = new TreeSet<>();

    Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                families.add(line.split(" ")[2]);
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String key = line.substring(0, space);
            String value = line.substring(space + 1);
            series.put(key, value.equals("NaN") ? Double.NaN : Double.parseDouble(value.replace("+Inf", "Infinity")
                    .replace("-Inf", "-Infinity")));
        }
    }

    String text() {
        return text;
    }

    /** Names of every sample (with _total, _count, _bucket and so on as printed). */
    Set<String> sampleNames() {
        Set<String> names = new TreeSet<>();
        series.keySet().forEach(k -> names.add(name(k)));
        return names;
    }

    /** The metric families declared by {@code # TYPE}. */
    Set<String> families() {
        return families;
    }

    /**
     * The sum of the samples named {@code name} whose labels include every {@code label=value} pair given (0 when
     * none matches), so a series that is not there yet counts as 0.
     */
    double sum(String name, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> e : series.entrySet()) {
            if (name(e.getKey()).equals(name) && hasLabels(e.getKey(), labels)) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** Whether a sample with that name and labels exists. */
    boolean has(String name, String... labels) {
        return series.keySet().stream().anyMatch(k -> name(k).equals(name) && hasLabels(k, labels));
    }

    /** The one sample with that name and labels. */
    double value(String name, String... labels) {
        return series.entrySet().stream().filter(e -> name(e.getKey()).equals(name) && hasLabels(e.getKey(), labels))
                .map(Map.Entry::getValue).reduce((a, b) -> {
                    throw new AssertionError("more than one series " + name + " " + String.join(",", labels));
                }).orElseThrow(() -> new AssertionError("no series " + name + " " + String.join(",", labels)
                        + " in the scrape:\n" + text));
    }

    private static String name(String key) {
        int brace = key.indexOf('{');
        return brace < 0 ? key : key.substring(0, brace);
    }

    private static boolean hasLabels(String key, String... labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!key.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                return false;
            }
        }
        return true;
    }
}
