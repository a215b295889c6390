package io.peercensus.net;

import java.io.IOException;

/**
 * The SOCKS5 proxy itself failed: it could not be reached, did not answer in time, broke the protocol,
 * refused the credentials, or sent a failure reply ({@code REP != 0}).
 *
 * <p>A crawler records every {@code Socks5Exception} as error class {@code proxy}. When the proxy sent a
 * failure reply, {@link #replyCode()} is that reply's code and the message names it ("host unreachable",
 * "connection refused", ...); otherwise {@link #replyCode()} is {@code -1}.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class Socks5Exception extends IOException {
    private static final long serialVersionUID = 1L;

    /** {@link #replyCode()} of an exception that is not about a failure reply. */
    public static final int NO_REPLY_CODE = -1;

    private final int replyCode;

    /**
     * A failure that is not a SOCKS reply code: unreachable proxy, timeout, malformed reply.
     *
     * @param message what went wrong, naming the proxy
     * @param cause the underlying socket failure, or {@code null}
     */
    public Socks5Exception(String message, Throwable cause) {
        super(message, cause);
        this.replyCode = NO_REPLY_CODE;
    }

    /**
     * A failure reply from the proxy.
     *
     * @param message what went wrong, naming the proxy, the target and the reply code
     * @param replyCode the reply's {@code REP} field, 1..255
     * @throws IllegalArgumentException when {@code replyCode} is not 1..255
     */
    public Socks5Exception(String message, int replyCode) {
        super(message);
        if (replyCode < 1 || replyCode > 0xff) {
            throw new IllegalArgumentException("SOCKS5 failure reply code must be 1..255, got " + replyCode);
        }
        this.replyCode = replyCode;
    }

    /** The failure reply's {@code REP} field (1..255), or {@link #NO_REPLY_CODE} when the proxy sent none. */
    public int replyCode() {
        return replyCode;
    }

    /**
     * The name of a SOCKS5 reply code: RFC 1928's names for 0x00..0x08, Tor's extended errors
     * (proposal 304) for 0xF0..0xF7, and {@code "unassigned 0x0a"} for the rest.
     *
     * @param replyCode the {@code REP} field, 0..255
     */
    public static String replyName(int replyCode) {
        return switch (replyCode) {
            case 0x00 -> "succeeded";
            case 0x01 -> "general failure";
            case 0x02 -> "connection not allowed";
            case 0x03 -> "network unreachable";
            case 0x04 -> "host unreachable";
            case 0x05 -> "connection refused";
            case 0x06 -> "TTL expired";
            case 0x07 -> "command not supported";
            case 0x08 -> "address type not supported";
            case 0xf0 -> "onion service descriptor not found";
            case 0xf1 -> "onion service descriptor invalid";
            case 0xf2 -> "onion service introduction failed";
            case 0xf3 -> "onion service rendezvous failed";
            case 0xf4 -> "onion service client authorization missing";
            case 0xf5 -> "onion service client authorization wrong";
            case 0xf6 -> "invalid onion service address";
            case 0xf7 -> "onion service introduction timed out";
            default -> String.format("unassigned 0x%02x", replyCode);
        };
    }
}
