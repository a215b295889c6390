package io.peercensus.bench.crawl;

import io.peercensus.testkit.BitcoinNodeKind;
import io.peercensus.testkit.DhtNodeKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A simulated network's main ({@code SimulatedBitcoinNetworkMain}, {@code SimulatedDhtNetworkMain}) in a
 * child JVM, so that the benchmark measures the crawler's CPU and heap alone. Not thread-safe.
 */
public final class SimulatorProcess implements AutoCloseable {
    private final Process process;
    private final String seed;
    private final Set<String> reachable = new HashSet<>();
    /** Bitcoin: for each node that answers getaddr, when its answer is sent (ms after getaddr) and how many others it names. */
    private final java.util.Map<String, long[]> answers = new java.util.HashMap<>();

    private SimulatorProcess(Process process, String seed, Path truth, Predicate<String> reachableKind) throws IOException {
        this.process = process;
        this.seed = seed;
        List<String> lines = Files.readAllLines(truth, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (reachableKind.test(f[1])) {
                reachable.add(f[0]);
            }
            if (f.length >= 11 && !f[9].isEmpty()) { // the Bitcoin truth's answerDelayMs and advertisedOthers
                answers.put(f[0], new long[] {Long.parseLong(f[9]), Long.parseLong(f[10])});
            }
        }
    }

    /** A simulated Bitcoin network with {@code options}, ready. */
    public static SimulatorProcess bitcoin(List<String> options) throws IOException {
        return start("io.peercensus.testkit.SimulatedBitcoinNetworkMain", "seed ", options,
                kind -> BitcoinNodeKind.valueOf(kind).isReachable());
    }

    /** A simulated DHT with {@code options}, ready. */
    public static SimulatorProcess dht(List<String> options) throws IOException {
        return start("io.peercensus.testkit.SimulatedDhtNetworkMain", "bootstrap ", options,
                kind -> DhtNodeKind.valueOf(kind).isReachable());
    }

    /**
     * Starts {@code mainClass} with {@code options} and waits until it is ready.
     *
     * @param seedPrefix the prefix of the line that names where a crawl starts
     * @param reachableKind which node kinds of the truth file a crawl must find
     */
    private static SimulatorProcess start(String mainClass, String seedPrefix, List<String> options,
            Predicate<String> reachableKind) throws IOException {
        Path truth = Files.createTempFile("peercensus-bench-truth", ".tsv");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(options);
        command.addAll(List.of("--truth", truth.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String seed = null;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(seedPrefix)) {
                seed = line.substring(seedPrefix.length());
            } else if (line.equals("ready")) {
                try {
                    return new SimulatorProcess(p, seed, truth, reachableKind);
                } finally {
                    Files.deleteIfExists(truth);
                }
            }
        }
        p.destroyForcibly();
        throw new IOException("the simulator ended before it was ready (exit " + p.exitValue() + ")");
    }

    /** Where the crawl starts: a canonical address (Bitcoin) or a multiaddr (DHT). */
    public String seed() {
        return seed;
    }

    /** The peer IDs of every node a crawl must find reachable. */
    public Set<String> reachable() {
        return reachable;
    }

    /**
     * Bitcoin: the nodes that answer getaddr, each with when its answer is sent (ms after getaddr, the last message of
     * it) and how many distinct addresses other than its own it advertises; empty for a DHT.
     */
    public java.util.Map<String, long[]> answers() {
        return answers;
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close(); // the simulator serves until its stdin closes
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
