package io.peercensus.examples.report;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The output formats of {@code report}. Immutable and thread-safe. */
public enum ReportFormat {
    /** Plain text for a terminal ({@link TextReport}). */
    TEXT,
    /** One JSON object ({@link JsonReport}). */
    JSON,
    /** One self-contained HTML page with SVG charts ({@link HtmlReport}). */
    HTML;

    /** Reads {@code --format}: {@code text}, {@code json} or {@code html}. Thread-safe. */
    static final class Converter implements ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            for (ReportFormat f : values()) {
                if (f.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return f;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a report format (expected text, json or html)");
        }
    }
}
