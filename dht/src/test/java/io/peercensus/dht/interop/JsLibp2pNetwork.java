package io.peercensus.dht.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A network of js-libp2p Kademlia DHT servers on loopback, run by {@code src/test/js/network.mjs} in one Node.js
 * process: the independent implementation the DHT crawler is tested against.
 *
 * <p>Node {@code i} listens on TCP at {@value #BASE_IP}{@code (i + 1)} (an ephemeral port) and dials from that
 * address too; key types go round-robin Ed25519, secp256k1, RSA-2048, all derived from the seed, so one seed gives
 * the same peer IDs whatever the node count. {@link #start} returns once every routing table is populated; the
 * ground truth is then {@link #nodes()}. Nothing leaves loopback: the nodes have no bootstrap list and no mDNS,
 * autonat, relay or UPnP.
 *
 * <p>Needs {@code node} on the PATH and {@code npm ci --prefix dht/src/test/js} run once.
 *
 * <p>Not thread-safe: start, query and close it from one thread. The returned lists are immutable.
 */
public final class JsLibp2pNetwork implements AutoCloseable {
    /** The loopback prefix the nodes listen on; node {@code i} has address {@code BASE_IP + (i + 1)}. */
    public static final String BASE_IP = "127.77.0.";

    /**
     * How long {@link #start} waits for the ready line: 30 nodes take about 10 to 15 s on an idle machine, and
     * minutes on two cores shared with other builds.
     */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(270);

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(15);
    private static final int STDERR_TAIL_LINES = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<Optional<String>> stdoutLines;
    private final Deque<String> stderrTail;
    private final Thread stderrPump;
    private final List<JsLibp2pNode> nodes;

    private JsLibp2pNetwork(Process process, BlockingQueue<Optional<String>> stdoutLines, Deque<String> stderrTail,
            Thread stderrPump) throws IOException {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stdoutLines = stdoutLines;
        this.stderrTail = stderrTail;
        this.stderrPump = stderrPump;
        this.nodes = parseNodes(awaitLine(READY_TIMEOUT, "the ready line"), "ready");
    }

    /**
     * Starts {@code nodes} js-libp2p DHT servers, wires them from {@code seed} and waits until every routing table
     * holds at least {@code min(nodes - 1, 8)} peers and every node reaches every other by following routing
     * tables (so a crawl from any node can find them all).
     *
     * @throws IOException when node or the npm packages are missing, the script fails, or it is not ready within
     *     {@link #READY_TIMEOUT}; the message carries the script's last stderr lines
     */
    public static JsLibp2pNetwork start(int nodes, long seed) throws IOException {
        return start(scriptDirectory(), nodes, seed);
    }

    static JsLibp2pNetwork start(Path scriptDir, int nodes, long seed) throws IOException {
        if (nodes < 2 || nodes > 254) {
            throw new IllegalArgumentException("nodes must be 2..254, got " + nodes);
        }
        Path script = scriptDir.resolve("network.mjs");
        if (!Files.isRegularFile(script)) {
            throw new IOException("js-libp2p network script not found: " + script.toAbsolutePath());
        }
        if (!Files.isRegularFile(scriptDir.resolve("node_modules/libp2p/package.json"))) {
            throw new IOException("js-libp2p packages are not installed in " + scriptDir.toAbsolutePath()
                    + ": run `npm ci --prefix dht/src/test/js` from the repository root");
        }
        ProcessBuilder builder = new ProcessBuilder(nodeExecutable().toString(), "network.mjs",
                "--nodes", Integer.toString(nodes), "--seed", Long.toString(seed), "--base-ip", BASE_IP,
                "--timeout-ms", Long.toString(SCRIPT_TIMEOUT.toMillis()))
                .directory(scriptDir.toFile());
        Process process = builder.start();
        BlockingQueue<Optional<String>> stdoutLines = new LinkedBlockingQueue<>();
        Deque<String> stderrTail = new ArrayDeque<>();
        pump(process.getInputStream(), "stdout", line -> stdoutLines.add(Optional.of(line)),
                () -> stdoutLines.add(Optional.empty()));
        Thread stderrPump = pump(process.getErrorStream(), "stderr", line -> {
            System.err.println(line);
            synchronized (stderrTail) {
                if (stderrTail.size() == STDERR_TAIL_LINES) {
                    stderrTail.removeFirst();
                }
                stderrTail.addLast(line);
            }
        }, () -> { });
        try {
            return new JsLibp2pNetwork(process, stdoutLines, stderrTail, stderrPump);
        } catch (IOException | RuntimeException e) {
            terminate(process);
            throw e;
        }
    }

    /** The nodes as they were when the network became ready, node {@code i} at index {@code i}. */
    public List<JsLibp2pNode> nodes() {
        return nodes;
    }

    /** The node with this peer ID (its base58 or base32 text form as js-libp2p prints it), if any. */
    public Optional<JsLibp2pNode> node(String peerId) {
        return nodes.stream().filter(n -> n.peerId().equals(peerId)).findFirst();
    }

    /**
     * The nodes as they are now: the routing tables keep changing slowly (self-queries, refreshes), so a test that
     * compares after a long crawl can ask again.
     */
    public List<JsLibp2pNode> snapshot() throws IOException {
        commands.write("snapshot\n");
        commands.flush();
        return parseNodes(awaitLine(SNAPSHOT_TIMEOUT, "a snapshot line"), "snapshot");
    }

    /**
     * Makes node {@code index} stall {@code protocol} toward peers outside this network (the crawler): it answers
     * the first {@code answered} streams of that protocol a stranger opens, then takes every later one and never
     * reads, answers or closes it. The nodes of the network are still answered, so their routing tables stay.
     *
     * @throws IOException when the script does not confirm it
     */
    public void stall(int index, String protocol, int answered) throws IOException {
        commands.write("stall " + index + " " + protocol + " " + answered + "\n");
        commands.flush();
        String line = awaitLine(SNAPSHOT_TIMEOUT, "a stall line");
        JsonNode root = JSON.readTree(line);
        if (!root.path("stalled").asBoolean(false) || !root.path("protocol").asText().equals(protocol)) {
            throw failure("network.mjs did not stall " + protocol + " on node " + index + ": " + abbreviate(line), null);
        }
    }

    /** Closes the script's stdin (it then stops every node and exits), and destroys it if it lingers. */
    @Override
    public void close() {
        try {
            commands.close();
        } catch (IOException e) {
            // The script is gone already: nothing to tell it. It is still reaped below.
        }
        terminate(process);
    }

    private List<JsLibp2pNode> parseNodes(String line, String kind) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (IOException e) {
            throw failure("network.mjs printed a line that is not JSON: " + line, e);
        }
        if (kind.equals("ready") && !root.path("ready").asBoolean(false)) {
            throw failure("network.mjs did not become ready: " + root.path("error").asText(line), null);
        }
        JsonNode array = root.get("nodes");
        if (!root.path(kind).asBoolean(false) || array == null || !array.isArray()) {
            throw failure("network.mjs: expected a " + kind + " line with a nodes array, got " + abbreviate(line), null);
        }
        List<JsLibp2pNode> parsed = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            try {
                parsed.add(JsLibp2pNode.fromJson(element));
            } catch (IllegalStateException e) {
                throw failure(e.getMessage(), e);
            }
        }
        return List.copyOf(parsed);
    }

    private String awaitLine(Duration timeout, String what) throws IOException {
        Optional<String> line;
        try {
            line = stdoutLines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + what + " from network.mjs");
        }
        if (line == null) {
            throw failure("network.mjs printed no " + what.replaceFirst("^(the|a) ", "") + " within " + timeout.toSeconds() + " s",
                    null);
        }
        if (line.isEmpty()) {
            throw failure("network.mjs closed its stdout before " + what + exitStatus(), null);
        }
        return line.get();
    }

    private String exitStatus() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return " (exit code " + process.exitValue() + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return " (still running)";
    }

    private IOException failure(String message, Exception cause) {
        if (!process.isAlive()) {
            try {
                stderrPump.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> tail;
        synchronized (stderrTail) {
            tail = List.copyOf(stderrTail);
        }
        return new IOException(message + (tail.isEmpty() ? "" : "\nlast stderr lines of network.mjs:\n" + String.join("\n", tail)),
                cause);
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    private static void terminate(Process process) {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream stream, String name, Consumer<String> onLine, Runnable onEnd) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                System.err.println("reading network.mjs " + name + " failed: " + e);
            } finally {
                onEnd.run();
            }
        }, "network.mjs " + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** {@code src/test/js} under Maven (the module directory), {@code dht/src/test/js} from the repository root. */
    private static Path scriptDirectory() {
        Path moduleRelative = Path.of("src", "test", "js");
        Path rootRelative = Path.of("dht", "src", "test", "js");
        return Files.isRegularFile(moduleRelative.resolve("network.mjs")) || !Files.isDirectory(rootRelative)
                ? moduleRelative
                : rootRelative;
    }

    private static Path nodeExecutable() throws IOException {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, "node");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IOException("node (Node.js 20 or later) not found on PATH: the js-libp2p test network needs it");
    }
}
