package io.peercensus.examples.cli;

import io.peercensus.crawl.EdgePolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --edges}: {@code none}, {@code reachable} or {@code all}. Thread-safe. */
final class EdgePolicyConverter implements ITypeConverter<EdgePolicy> {
    @Override
    public EdgePolicy convert(String value) {
        try {
            return EdgePolicy.of(value.strip());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
