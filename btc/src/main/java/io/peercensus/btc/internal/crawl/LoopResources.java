package io.peercensus.btc.internal.crawl;

import io.peercensus.btc.internal.wire.Checksum;
import java.nio.ByteBuffer;

/**
 * What the conversations of one crawl share on their loop's thread: the read buffer every conversation reads into
 * (big enough for a whole getaddr answer, about 35 KB, in one read), the crawl's {@link AddressTable}, and the
 * checksum digest. Because only the loop's thread touches them, they need no locks.
 *
 * <p>Not thread-safe: made with the loop, then used on the loop's thread only.
 */
final class LoopResources {
    private static final int READ_BUFFER = 64 * 1024;

    final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    final AddressTable table = new AddressTable();
    final Checksum.Digest checksum = new Checksum.Digest();
}
