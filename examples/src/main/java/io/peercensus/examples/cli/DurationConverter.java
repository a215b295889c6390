package io.peercensus.examples.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as people write them: {@code 500ms}, {@code 5s}, {@code 10m}, {@code 2h}. Thread-safe. */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    /** Reads {@code value}; throws a picocli type conversion error naming it when it is not a duration. */
    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.strip());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 5s, 10m, 2h)");
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw new TypeConversionException("'" + value + "' must be more than zero");
        }
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            default:
                return Duration.ofDays(n);
        }
    }
}
