package io.peercensus.examples.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The process's standard output as a stream that reports failures. {@code System.out} is a {@code PrintStream}, which
 * swallows them: a closed stdout ({@code >&-}) or a reader that went away ({@code | head -1}) would lose every
 * observation silently and the command would exit 0. Writes here throw instead, naming standard output, so the crawl
 * fails with status 1 and one line. {@link #close()} leaves the descriptor open. Not thread-safe.
 */
final class StandardOutput extends OutputStream {
    private final FileOutputStream out = new FileOutputStream(FileDescriptor.out);

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void close() {
        // standard output stays open for the rest of the process
    }

    private static IOException failed(IOException e) {
        return new IOException("cannot write to standard output: " + e.getMessage(), e);
    }
}
