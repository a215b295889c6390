package io.peercensus.examples.cli;

import io.peercensus.crawl.Waits;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads the three waits of a route as {@code CONNECT/MESSAGE/ANSWER}, e.g. {@code 3s/30s/70s}. Thread-safe. */
public final class WaitsConverter implements ITypeConverter<Waits> {
    private final DurationConverter durations = new DurationConverter();

    /** Reads {@code value}; throws a picocli type conversion error naming it when it is not three waits. */
    @Override
    public Waits convert(String value) {
        String[] parts = value.strip().split("/", -1);
        if (parts.length != 3) {
            throw new TypeConversionException("'" + value + "' is not CONNECT/MESSAGE/ANSWER waits (example: 3s/30s/70s)");
        }
        Duration[] d = new Duration[3];
        for (int i = 0; i < 3; i++) {
            d[i] = durations.convert(parts[i]);
        }
        try {
            return new Waits(d[0], d[1], d[2]);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "': " + e.getMessage());
        }
    }
}
