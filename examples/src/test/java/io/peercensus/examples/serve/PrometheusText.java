package io.peercensus.examples.serve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, written for the tests from the format's
 * specification (no Java parser of it is published on Maven Central: the official client libraries only write it).
 * It rejects what a Prometheus server would reject and also what the specification forbids although servers are
 * lenient: a family's samples not in one group, a {@code TYPE} after its samples or given twice, bad names or
 * escapes, duplicate samples, negative counters, histograms whose buckets are not cumulative or lack {@code +Inf}, and
 * input that does not end with a line feed.
 */
final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** One metric family: its type, help and samples. */
    record Family(String name, String type, String help, List<Sample> samples) {
        double value(String sampleName, String... labels) {
            Map<String, String> want = new TreeMap<>();
            for (int i = 0; i < labels.length; i += 2) {
                want.put(labels[i], labels[i + 1]);
            }
            return samples.stream().filter(s -> s.name().equals(sampleName) && s.labels().equals(want))
                    .findFirst().orElseThrow(() -> new AssertionError("no sample " + sampleName + want + " in " + name))
                    .value();
        }
    }

    /** Thrown for input that is not valid exposition text; says which line and why. */
    static final class FormatException extends RuntimeException {
        FormatException(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    private PrometheusText() {
    }

    /** Parses a whole exposition. */
    static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new FormatException(text.split("\n", -1).length, "the exposition must end with a line feed");
        }
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Set<String> closed = new HashSet<>();
        Set<String> seen = new HashSet<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            int n = i + 1;
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] t = line.substring(1).strip().split("[ \t]+", 3);
                if (t.length >= 2 && (t[0].equals("HELP") || t[0].equals("TYPE"))) {
                    String name = t[1];
                    requireName(n, name);
                    if (samples.containsKey(name) || closed.contains(name)) {
                        throw new FormatException(n, t[0] + " for " + name + " after its samples");
                    }
                    if (t[0].equals("TYPE")) {
                        String type = t.length == 3 ? t[2].strip() : "";
                        if (!TYPES.contains(type)) {
                            throw new FormatException(n, "unknown type '" + type + "' for " + name);
                        }
                        if (types.put(name, type) != null) {
                            throw new FormatException(n, "second TYPE line for " + name);
                        }
                    } else {
                        if (helps.put(name, unescape(n, t.length == 3 ? t[2] : "", false)) != null) {
                            throw new FormatException(n, "second HELP line for " + name);
                        }
                    }
                }
                continue;
            }
            Sample s = sample(n, line);
            String family = familyOf(s.name(), types);
            if (!family.equals(current)) {
                if (current != null) {
                    closed.add(current);
                }
                if (closed.contains(family)) {
                    throw new FormatException(n, "samples of " + family + " are not in one group");
                }
                current = family;
            }
            if (!seen.add(s.name() + s.labels())) {
                throw new FormatException(n, "duplicate sample " + s.name() + s.labels());
            }
            if ("counter".equals(types.get(family)) && (s.value() < 0 || Double.isNaN(s.value()))) {
                throw new FormatException(n, "counter " + s.name() + " is " + s.value());
            }
            samples.computeIfAbsent(family, k -> new ArrayList<>()).add(s);
        }
        Map<String, Family> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
            String type = types.getOrDefault(e.getKey(), "untyped");
            if (type.equals("histogram")) {
                checkHistogram(e.getKey(), e.getValue());
            }
            out.put(e.getKey(), new Family(e.getKey(), type, helps.get(e.getKey()), List.copyOf(e.getValue())));
        }
        return out;
    }

    private static String familyOf(String sample, Map<String, String> types) {
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                String type = types.get(base);
                if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static void checkHistogram(String name, List<Sample> samples) {
        Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (s.name().equals(name + "_bucket")) {
                Map<String, String> key = new TreeMap<>(s.labels());
                if (key.remove("le") == null) {
                    throw new FormatException(0, name + "_bucket without le label");
                }
                series.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            }
        }
        for (Map.Entry<Map<String, String>, List<Sample>> e : series.entrySet()) {
            double previousLe = Double.NEGATIVE_INFINITY;
            double previous = 0;
            for (Sample b : e.getValue()) {
                double le = value(0, b.labels().get("le"));
                if (le <= previousLe || b.value() < previous) {
                    throw new FormatException(0, name + e.getKey() + ": buckets must grow in le and count");
                }
                previousLe = le;
                previous = b.value();
            }
            if (previousLe != Double.POSITIVE_INFINITY) {
                throw new FormatException(0, name + e.getKey() + ": no +Inf bucket");
            }
            double count = samples.stream().filter(s -> s.name().equals(name + "_count") && s.labels().equals(e.getKey()))
                    .findFirst().orElseThrow(() -> new FormatException(0, name + e.getKey() + ": no _count")).value();
            if (count != previous) {
                throw new FormatException(0, name + e.getKey() + ": _count " + count + " differs from the +Inf bucket " + previous);
            }
        }
    }

    private static Sample sample(int n, String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
            i++;
        }
        String name = line.substring(0, i);
        requireName(n, name);
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                if (i < line.length() && line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw new FormatException(n, "label without '='");
                }
                String label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    throw new FormatException(n, "bad label name '" + label + "'");
                }
                if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    throw new FormatException(n, "label value of " + label + " must be quoted");
                }
                int j = eq + 2;
                StringBuilder raw = new StringBuilder();
                while (true) {
                    if (j >= line.length()) {
                        throw new FormatException(n, "unterminated label value of " + label);
                    }
                    char c = line.charAt(j);
                    if (c == '\\') {
                        if (j + 1 >= line.length()) {
                            throw new FormatException(n, "dangling backslash");
                        }
                        raw.append(c).append(line.charAt(j + 1));
                        j += 2;
                        continue;
                    }
                    if (c == '"') {
                        break;
                    }
                    raw.append(c);
                    j++;
                }
                if (labels.put(label, unescape(n, raw.toString(), true)) != null) {
                    throw new FormatException(n, "label " + label + " given twice");
                }
                i = j + 1;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                } else if (i >= line.length() || line.charAt(i) != '}') {
                    throw new FormatException(n, "expected ',' or '}' after label " + label);
                }
            }
        }
        String[] rest = line.substring(i).strip().split("[ \t]+");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty() || (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t')) {
            throw new FormatException(n, "expected a value and an optional timestamp after " + name);
        }
        double value = value(n, rest[0]);
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw new FormatException(n, "bad timestamp '" + rest[1] + "'");
            }
        }
        return new Sample(name, labels, value);
    }

    private static double value(int n, String text) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
                    throw new FormatException(n, "bad value '" + text + "'");
                }
                return Double.parseDouble(text);
        }
    }

    private static void requireName(int n, String name) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new FormatException(n, "bad metric name '" + name + "'");
        }
    }

    private static String unescape(int n, String raw, boolean quotes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = i + 1 < raw.length() ? raw.charAt(++i) : 0;
            if (e == '\\') {
                b.append('\\');
            } else if (e == 'n') {
                b.append('\n');
            } else if (e == '"' && quotes) {
                b.append('"');
            } else {
                throw new FormatException(n, "bad escape '\\" + e + "'");
            }
        }
        return b.toString();
    }
}
