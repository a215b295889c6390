package io.peercensus.btc.internal.crawl;

import io.peercensus.btc.internal.wire.Frame;
import io.peercensus.btc.wire.BitcoinMessage;
import io.peercensus.btc.wire.GetAddrMessage;
import io.peercensus.btc.wire.SendAddrV2Message;
import io.peercensus.btc.wire.VerackMessage;
import java.nio.ByteBuffer;

/**
 * The messages a crawler sends, framed for one network: the payload-less ones once for the whole crawl, the
 * rest on demand.
 *
 * <p>Immutable and thread-safe: the buffers handed out are read-only views.
 */
final class OurMessages {
    private final int magic;
    private final ByteBuffer sendAddrV2;
    private final ByteBuffer verack;
    private final ByteBuffer getAddr;

    /** The messages of the network with {@code magic} (bytes as sent). */
    OurMessages(int magic) {
        this.magic = magic;
        this.sendAddrV2 = constant(SendAddrV2Message.INSTANCE);
        this.verack = constant(VerackMessage.INSTANCE);
        this.getAddr = constant(GetAddrMessage.INSTANCE);
    }

    /** The network's magic, bytes as sent. */
    int magic() {
        return magic;
    }

    ByteBuffer sendAddrV2() {
        return sendAddrV2.duplicate();
    }

    ByteBuffer verack() {
        return verack.duplicate();
    }

    ByteBuffer getAddr() {
        return getAddr.duplicate();
    }

    /** {@code message} framed. */
    ByteBuffer frame(BitcoinMessage message) {
        return ByteBuffer.wrap(Frame.of(message).encode(magic));
    }

    private ByteBuffer constant(BitcoinMessage message) {
        return frame(message).asReadOnlyBuffer();
    }
}
