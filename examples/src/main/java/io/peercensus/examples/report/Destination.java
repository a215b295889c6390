package io.peercensus.examples.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command's output goes: a file (UTF-8, created or replaced) or the command's standard output, which is
 * flushed and never closed. Stateless and thread-safe.
 */
public final class Destination {

    /** Writes a document to a {@link Writer}. */
    @FunctionalInterface
    public interface Body {
        /** Writes the whole document to {@code out}. */
        void write(Writer out) throws IOException;
    }

    private Destination() {
    }

    /**
     * Writes {@code body} to {@code file}, or to {@code stdout} when {@code file} is null or {@code -}.
     *
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, PrintWriter stdout, Body body) throws IOException {
        if (file == null || file.toString().equals("-")) {
            body.write(stdout);
            stdout.flush();
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("cannot write " + file + ": no such directory " + parent);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            body.write(out);
        }
    }
}
