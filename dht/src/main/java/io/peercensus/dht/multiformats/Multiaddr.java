package io.peercensus.dht.multiformats;

import io.peercensus.dht.internal.multiformats.MultiaddrValues;
import io.peercensus.dht.internal.multiformats.UnsignedVarint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A multiaddr: a list of protocol components, in binary ({@code varint(code) value}...) and text
 * ({@code /ip4/1.2.3.4/tcp/4001/p2p/12D3KooW...}) form. The protocols of {@link MultiaddrProtocol} are
 * understood; a component with any other code cannot be skipped (its value size is unknown), so it keeps
 * the code and all remaining bytes, must come last, and writes back byte for byte. Its text is
 * {@code /unknown-<code>/<hex>}, which {@link #parse} reads back. Binary input is capped at
 * {@link #MAX_BYTES} before anything is allocated. Equal when the bytes are equal.
 *
 * <p>Immutable and thread-safe.
 */
public final class Multiaddr {
    /** The longest binary multiaddr accepted. */
    public static final int MAX_BYTES = 1024;
    /**
     * The longest multiaddr text accepted: long enough for the text of any multiaddr of {@link #MAX_BYTES}, so that
     * every multiaddr read parses back from its text. No component's text is longer than 7 characters a byte of its
     * binary form ({@code /webrtc-direct}: 14 for 2), but for one unknown component at the end ({@code /unknown-1}:
     * 10 for 1).
     */
    public static final int MAX_TEXT_LENGTH = 8 * MAX_BYTES;

    private static final String UNKNOWN_PREFIX = "unknown-";

    /**
     * One component: a protocol code and its value bytes (no length prefix). When the code is not a
     * {@link MultiaddrProtocol}, the value is every byte that followed the code. Immutable and thread-safe.
     *
     * @param code the multicodec code
     * @param value the value bytes (copied in and out)
     */
    public record Component(int code, byte[] value) {
        /**
         * Checks the value against the protocol, when the code is known.
         *
         * @throws MultiformatException when the value is not valid for the protocol
         */
        public Component {
            if (code < 0) {
                throw new MultiformatException("multiaddr: protocol code must not be negative, got " + code);
            }
            value = value.clone();
            Optional<MultiaddrProtocol> protocol = MultiaddrProtocol.forCode(code);
            if (protocol.isPresent()) {
                MultiaddrValues.check(protocol.get(), value);
            }
        }

        /** The component of a known {@code protocol} whose value is written as {@code text} ({@code ""} if none). */
        public static Component of(MultiaddrProtocol protocol, String text) {
            return new Component(protocol.code(), MultiaddrValues.fromText(protocol, text));
        }

        /** The protocol, absent for an unknown code. */
        public Optional<MultiaddrProtocol> protocol() {
            return MultiaddrProtocol.forCode(code);
        }

        /** The value bytes (a copy). */
        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The protocol's name in text, or {@code unknown-<code>}. */
        public String name() {
            return protocol().map(MultiaddrProtocol::protocolName).orElse(UNKNOWN_PREFIX + code);
        }

        /** The value as text: the protocol's own form, lower-case hex for an unknown code, {@code ""} when none. */
        public String valueText() {
            return protocol().map(p -> MultiaddrValues.toText(p, value)).orElseGet(() -> HexFormat.of().formatHex(value));
        }

        int encodedSize() {
            int size = UnsignedVarint.size(code) + value.length;
            return protocol().filter(MultiaddrProtocol::isVariableSize).isPresent() ? size + UnsignedVarint.size(value.length) : size;
        }

        void write(ByteBuffer out) {
            UnsignedVarint.write(code, out);
            if (protocol().filter(MultiaddrProtocol::isVariableSize).isPresent()) {
                UnsignedVarint.write(value.length, out);
            }
            out.put(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Component c && c.code == code && Arrays.equals(c.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * code + Arrays.hashCode(value);
        }

        /** The component's text, e.g. {@code /tcp/4001}. */
        @Override
        public String toString() {
            String text = valueText();
            return "/" + name() + (text.isEmpty() ? "" : "/" + text);
        }
    }

    private final List<Component> components;
    private final byte[] bytes;

    private Multiaddr(List<Component> components) {
        if (components.isEmpty()) {
            throw new MultiformatException("multiaddr: empty");
        }
        for (int i = 0; i < components.size() - 1; i++) {
            if (components.get(i).protocol().isEmpty()) {
                throw new MultiformatException("multiaddr: unknown protocol code " + components.get(i).code() + " must be the last component");
            }
        }
        this.components = List.copyOf(components);
        int size = 0;
        for (Component c : this.components) {
            size += c.encodedSize();
        }
        if (size > MAX_BYTES) {
            throw new MultiformatException("multiaddr: " + size + " bytes exceeds the limit of " + MAX_BYTES);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (Component c : this.components) {
            c.write(out);
        }
        this.bytes = out.array();
    }

    /**
     * The multiaddr of {@code components}.
     *
     * @throws MultiformatException when the list is empty, an unknown component is not last, or the result is over {@link #MAX_BYTES}
     */
    public static Multiaddr of(List<Component> components) {
        return new Multiaddr(components);
    }

    /**
     * Reads a binary multiaddr from all remaining bytes of {@code in} (a multiaddr does not say where it ends).
     *
     * @throws MultiformatException naming the component and what is wrong
     */
    public static Multiaddr read(ByteBuffer in) {
        if (in.remaining() > MAX_BYTES) {
            throw new MultiformatException("multiaddr: " + in.remaining() + " bytes exceeds the limit of " + MAX_BYTES);
        }
        List<Component> components = new ArrayList<>();
        while (in.hasRemaining()) {
            int code = UnsignedVarint.readInt(in, Integer.MAX_VALUE, "multiaddr: protocol code");
            Optional<MultiaddrProtocol> known = MultiaddrProtocol.forCode(code);
            int length;
            if (known.isEmpty()) {
                length = in.remaining();
            } else if (known.get().isVariableSize()) {
                length = UnsignedVarint.readInt(in, MAX_BYTES, "multiaddr: " + known.get().protocolName() + " value length");
                if (length > in.remaining()) {
                    throw new MultiformatException("multiaddr: " + known.get().protocolName() + " value length " + length
                            + " exceeds the " + in.remaining() + " remaining bytes");
                }
            } else {
                length = known.get().fixedSize();
                if (length > in.remaining()) {
                    throw new MultiformatException("multiaddr: " + known.get().protocolName() + " value needs " + length + " bytes, "
                            + in.remaining() + " remain");
                }
            }
            byte[] value = new byte[length];
            in.get(value);
            components.add(new Component(code, value));
        }
        return new Multiaddr(components);
    }

    /**
     * Reads a binary multiaddr that is exactly {@code bytes}.
     *
     * @throws MultiformatException naming the component and what is wrong
     */
    public static Multiaddr read(byte[] bytes) {
        return read(ByteBuffer.wrap(bytes));
    }

    /**
     * Parses multiaddr text. One trailing {@code /} is allowed; {@code /ipfs/} is read as {@code /p2p/}.
     *
     * @throws MultiformatException naming the protocol and what is wrong
     */
    public static Multiaddr parse(String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new MultiformatException("multiaddr: text of " + text.length() + " characters exceeds the limit of " + MAX_TEXT_LENGTH);
        }
        if (!text.startsWith("/")) {
            throw new MultiformatException("multiaddr: text must start with '/', got '" + text + "'");
        }
        String[] parts = text.substring(1).split("/", -1);
        int end = parts.length > 1 && parts[parts.length - 1].isEmpty() ? parts.length - 1 : parts.length;
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            String name = parts[i];
            if (name.isEmpty()) {
                throw new MultiformatException(components.isEmpty() && end == 1 ? "multiaddr: empty" : "multiaddr: empty protocol name in '" + text + "'");
            }
            Optional<MultiaddrProtocol> known = MultiaddrProtocol.forName(name);
            if (known.isPresent() && !known.get().hasValue()) {
                components.add(new Component(known.get().code(), new byte[0]));
                continue;
            }
            if (known.isEmpty() && !name.startsWith(UNKNOWN_PREFIX)) {
                throw new MultiformatException("multiaddr: unknown protocol '" + name + "'");
            }
            String value = i + 1 < end ? parts[++i] : null;
            if (known.isPresent()) {
                if (value == null) {
                    throw new MultiformatException("multiaddr: " + name + " needs a value");
                }
                components.add(Component.of(known.get(), value));
            } else {
                components.add(unknown(name, value == null ? "" : value));
            }
        }
        return new Multiaddr(components);
    }

    private static Component unknown(String name, String hex) {
        String digits = name.substring(UNKNOWN_PREFIX.length());
        int code;
        try {
            code = digits.startsWith("+") ? -1 : Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code < 0) {
            throw new MultiformatException("multiaddr: unknown protocol '" + name + "'");
        }
        if (MultiaddrProtocol.forCode(code).isPresent()) {
            throw new MultiformatException("multiaddr: " + name + " names the known protocol " + MultiaddrProtocol.forCode(code).get());
        }
        try {
            return new Component(code, HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new MultiformatException("multiaddr: " + name + " value must be hex, got '" + hex + "'", e);
        }
    }

    /** The components, in order. */
    public List<Component> components() {
        return components;
    }

    /** The binary form. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** A multiaddr of these components followed by {@code inner}'s. */
    public Multiaddr encapsulate(Multiaddr inner) {
        List<Component> all = new ArrayList<>(components);
        all.addAll(inner.components);
        return new Multiaddr(all);
    }

    /** The first component of {@code protocol}. */
    public Optional<Component> first(MultiaddrProtocol protocol) {
        return components.stream().filter(c -> c.code() == protocol.code()).findFirst();
    }

    /**
     * The address of the first {@code ip4} or {@code ip6} component, made from its bytes without DNS. As
     * everywhere in the JDK, an IPv4-mapped {@code ip6} value ({@code ::ffff:a.b.c.d}) comes back as an
     * {@link java.net.Inet4Address}.
     */
    public Optional<InetAddress> ip() {
        return components.stream()
                .filter(c -> c.code() == MultiaddrProtocol.IP4.code() || c.code() == MultiaddrProtocol.IP6.code())
                .findFirst()
                .map(c -> {
                    try {
                        return InetAddress.getByAddress(c.value);
                    } catch (UnknownHostException e) {
                        throw new IllegalStateException("multiaddr: checked ip value rejected", e);
                    }
                });
    }

    /** The port of the first {@code tcp} component. */
    public OptionalInt tcpPort() {
        return port(MultiaddrProtocol.TCP);
    }

    /** The port of the first {@code udp} component. */
    public OptionalInt udpPort() {
        return port(MultiaddrProtocol.UDP);
    }

    private OptionalInt port(MultiaddrProtocol protocol) {
        return first(protocol).map(c -> OptionalInt.of(((c.value[0] & 0xff) << 8) | (c.value[1] & 0xff))).orElse(OptionalInt.empty());
    }

    /** The peer ID of the first {@code p2p} component. */
    public Optional<PeerId> peerId() {
        return first(MultiaddrProtocol.P2P).map(c -> PeerId.fromBytes(c.value));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr m && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The text form, e.g. {@code /ip4/1.2.3.4/tcp/4001}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Component c : components) {
            out.append(c);
        }
        return out.toString();
    }
}
