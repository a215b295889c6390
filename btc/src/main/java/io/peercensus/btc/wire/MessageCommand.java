package io.peercensus.btc.wire;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The commands that have their own message record. Decoding switches over this enum exhaustively.
 *
 * <p>Immutable and thread-safe.
 */
enum MessageCommand {
    VERSION("version"),
    VERACK("verack"),
    PING("ping"),
    PONG("pong"),
    GETADDR("getaddr"),
    ADDR("addr"),
    ADDRV2("addrv2"),
    SENDADDRV2("sendaddrv2");

    private static final Map<String, MessageCommand> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(c -> c.wireName, Function.identity()));

    /** The command as sent in the header. */
    final String wireName;

    MessageCommand(String wireName) {
        this.wireName = wireName;
    }

    /** The command named {@code name}, if it has its own record. */
    static Optional<MessageCommand> of(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
