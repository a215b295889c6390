package io.peercensus.dht.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercensus.dht.crypto.KeyType;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One js-libp2p node of a {@link JsLibp2pNetwork}, as the node itself reports it: the ground truth a crawl is
 * compared against.
 *
 * <p>{@code agentVersion}, {@code protocolVersion}, {@code protocols} (sorted, as identify sends them) and
 * {@code listenAddrs} (without {@code /p2p/...}) are exactly what the node announces in identify;
 * {@code routingTable} is the set of peer IDs in its Kademlia routing table, sorted; {@code dhtMode} is
 * {@code "server"} or {@code "client"}.
 *
 * <p>Immutable and thread-safe.
 */
public record JsLibp2pNode(String peerId, KeyType keyType, String agentVersion, String protocolVersion,
        List<String> protocols, List<String> listenAddrs, String dhtMode, List<String> routingTable) {

    private static final Pattern IP4_TCP = Pattern.compile("/ip4/(\\d{1,3}(?:\\.\\d{1,3}){3})/tcp/(\\d{1,5})");

    /** Copies the lists; every field is required. */
    public JsLibp2pNode {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        protocols = List.copyOf(protocols);
        listenAddrs = List.copyOf(listenAddrs);
        Objects.requireNonNull(dhtMode, "dhtMode");
        routingTable = List.copyOf(routingTable);
    }

    /**
     * The {@code /ip4/A/tcp/P} listen addresses as socket addresses, in announcement order.
     *
     * @throws IllegalStateException when a listen address has another shape
     */
    public List<InetSocketAddress> tcpAddresses() {
        List<InetSocketAddress> addresses = new ArrayList<>(listenAddrs.size());
        for (String listenAddr : listenAddrs) {
            Matcher m = IP4_TCP.matcher(listenAddr);
            if (!m.matches()) {
                throw new IllegalStateException("js-libp2p node " + peerId + ": listen address is not /ip4/A/tcp/P: " + listenAddr);
            }
            addresses.add(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
        }
        return List.copyOf(addresses);
    }

    /** Parses one element of the script's {@code nodes} array, naming the first missing or mistyped field. */
    static JsLibp2pNode fromJson(JsonNode node) {
        return new JsLibp2pNode(text(node, "peerId"), keyType(text(node, "keyType")), text(node, "agentVersion"),
                text(node, "protocolVersion"), strings(node, "protocols"), strings(node, "listenAddrs"), text(node, "dhtMode"),
                strings(node, "routingTable"));
    }

    private static KeyType keyType(String jsName) {
        return switch (jsName) {
            case "RSA" -> KeyType.RSA;
            case "Ed25519" -> KeyType.ED25519;
            case "secp256k1" -> KeyType.SECP256K1;
            case "ECDSA" -> KeyType.ECDSA;
            default -> throw new IllegalStateException("network.mjs: unknown keyType " + jsName);
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalStateException("network.mjs: node field " + field + " must be a string, got " + value);
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new IllegalStateException("network.mjs: node field " + field + " must be an array, got " + value);
        }
        List<String> out = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new IllegalStateException("network.mjs: node field " + field + " must hold strings, got " + element);
            }
            out.add(element.asText());
        }
        return out;
    }
}
