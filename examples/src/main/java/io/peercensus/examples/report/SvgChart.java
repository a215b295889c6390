package io.peercensus.examples.report;

import java.util.List;
import java.util.Locale;

/**
 * Draws charts as inline SVG into {@link Markup}: horizontal bar charts for rankings and a column histogram. Every
 * bar carries its name and count in {@code data-name} / {@code data-count} attributes and in a {@code <title>}
 * tooltip. Colours come from the page's style sheet by class name. Stateless and thread-safe.
 */
final class SvgChart {
    private static final int WIDTH = 600;
    private static final int LABEL_WIDTH = 200;
    private static final int VALUE_WIDTH = 64;
    private static final int ROW = 24;
    private static final int BAR = 16;
    private static final int LABEL_CHARS = 28;
    private static final int HISTOGRAM_HEIGHT = 240;

    /**
     * One bar.
     *
     * @param name what it counts (shortened in the label, whole in the tooltip)
     * @param count its value
     * @param style the CSS class of the bar
     */
    record Bar(String name, long count, String style) {
    }

    private SvgChart() {
    }

    /** A horizontal bar chart, one row per bar, scaled to the largest count. */
    static void bars(Markup m, String chart, String title, List<Bar> bars) {
        int height = Math.max(1, bars.size()) * ROW + 4;
        long max = bars.stream().mapToLong(Bar::count).max().orElse(0);
        int plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        m.open("svg", "class", "chart", "data-chart", chart, "role", "img", "aria-label", title,
                "viewBox", "0 0 " + WIDTH + " " + height, "width", Integer.toString(WIDTH), "height", Integer.toString(height));
        if (bars.isEmpty()) {
            m.element("text", "nothing to show", "x", "4", "y", Integer.toString(ROW - 8), "class", "empty");
        }
        int y = 2;
        for (Bar b : bars) {
            int w = scaled(b.count(), max, plot);
            m.open("g", "data-name", b.name(), "data-count", Long.toString(b.count()));
            m.element("title", b.name() + ": " + b.count());
            m.element("text", PrintableText.shortened(b.name(), LABEL_CHARS), "x", Integer.toString(LABEL_WIDTH - 8),
                    "y", Integer.toString(y + BAR - 3), "class", "label");
            m.empty("rect", "x", Integer.toString(LABEL_WIDTH), "y", Integer.toString(y + (ROW - BAR) / 2 - 2),
                    "width", Integer.toString(w), "height", Integer.toString(BAR), "rx", "2", "class", "bar " + b.style());
            m.element("text", String.format(Locale.ROOT, "%,d", b.count()), "x", Integer.toString(LABEL_WIDTH + w + 6),
                    "y", Integer.toString(y + BAR - 3), "class", "value");
            m.close();
            y += ROW;
        }
        m.close();
    }

    /** A histogram: one column per bucket, left to right, with the bucket's label below and its count above. */
    static void histogram(Markup m, String chart, String title, List<Bar> buckets) {
        int top = 22;
        int bottom = 34;
        int plot = HISTOGRAM_HEIGHT - top - bottom;
        int n = Math.max(1, buckets.size());
        int slot = (WIDTH - 20) / n;
        int column = slot * 3 / 4;
        long max = buckets.stream().mapToLong(Bar::count).max().orElse(0);
        m.open("svg", "class", "chart", "data-chart", chart, "role", "img", "aria-label", title,
                "viewBox", "0 0 " + WIDTH + " " + HISTOGRAM_HEIGHT, "width", Integer.toString(WIDTH),
                "height", Integer.toString(HISTOGRAM_HEIGHT));
        int baseline = top + plot;
        m.empty("line", "x1", "10", "y1", Integer.toString(baseline), "x2", Integer.toString(WIDTH - 10),
                "y2", Integer.toString(baseline), "class", "axis");
        int x = 10 + (slot - column) / 2;
        for (Bar b : buckets) {
            int h = scaled(b.count(), max, plot);
            int middle = x + column / 2;
            m.open("g", "data-name", b.name(), "data-count", Long.toString(b.count()));
            m.element("title", b.name() + ": " + b.count());
            m.empty("rect", "x", Integer.toString(x), "y", Integer.toString(baseline - h), "width", Integer.toString(column),
                    "height", Integer.toString(h), "rx", "2", "class", "bar " + b.style());
            m.element("text", String.format(Locale.ROOT, "%,d", b.count()), "x", Integer.toString(middle),
                    "y", Integer.toString(baseline - h - 6), "class", "value centred");
            m.element("text", PrintableText.shortened(b.name(), 12), "x", Integer.toString(middle),
                    "y", Integer.toString(baseline + 20), "class", "label centred");
            m.close();
            x += slot;
        }
        m.close();
    }

    /** {@code count} of {@code max} as a length of at most {@code full}; any non-zero count gets at least 1. */
    private static int scaled(long count, long max, int full) {
        if (count <= 0 || max <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.round((double) count * full / max));
    }
}
