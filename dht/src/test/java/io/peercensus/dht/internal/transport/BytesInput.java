package io.peercensus.dht.internal.transport;

import io.peercensus.net.Deadline;
import java.io.ByteArrayInputStream;

/**
 * A {@link TimedInputStream} over bytes in memory, for fuzz tests: reads never wait, so waits are no-ops, and the
 * input ends where the bytes do. Not thread-safe.
 */
public final class BytesInput extends TimedInputStream {
    private final ByteArrayInputStream in;

    /** An input that reads {@code bytes} (not copied) and then ends. */
    public BytesInput(byte[] bytes) {
        this.in = new ByteArrayInputStream(bytes);
    }

    @Override
    public void await(String what, Deadline deadline) {
        // nothing to wait for: every byte is already here
    }

    @Override
    public int read() {
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
        return in.read(b, off, len);
    }

    @Override
    public int available() {
        return in.available();
    }
}
