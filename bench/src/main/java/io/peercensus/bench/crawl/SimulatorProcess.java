package io.peercensus.bench.crawl;

import io.peercensus.testkit.BitcoinNodeKind;
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

/**
 * A {@code SimulatedBitcoinNetworkMain} in a child JVM, so that the benchmark measures the crawler's
 * CPU and heap alone. Not thread-safe.
 */
public final class SimulatorProcess implements AutoCloseable {
    private final Process process;
    private final String seed;
    private final Set<String> reachable = new HashSet<>();

    private SimulatorProcess(Process process, String seed, Path truth) throws IOException {
        this.process = process;
        this.seed = seed;
        for (String line : Files.readAllLines(truth, StandardCharsets.UTF_8).subList(1, Files.readAllLines(truth).size())) {
            String[] f = line.split("\t", -1);
            if (BitcoinNodeKind.valueOf(f[1]).isReachable()) {
                reachable.add(f[0]);
            }
        }
    }

    /** Starts the simulator with {@code options} and waits until it is ready. */
    public static SimulatorProcess start(List<String> options) throws IOException {
        Path truth = Files.createTempFile("peercensus-bench-truth", ".tsv");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "io.peercensus.testkit.SimulatedBitcoinNetworkMain"));
        command.addAll(options);
        command.addAll(List.of("--truth", truth.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String seed = null;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("seed ")) {
                seed = line.substring(5);
            } else if (line.equals("ready")) {
                try {
                    return new SimulatorProcess(p, seed, truth);
                } finally {
                    Files.deleteIfExists(truth);
                }
            }
        }
        p.destroyForcibly();
        throw new IOException("the simulator ended before it was ready (exit " + p.exitValue() + ")");
    }

    /** The canonical address to start the crawl from. */
    public String seed() {
        return seed;
    }

    /** The canonical addresses of every reachable node. */
    public Set<String> reachable() {
        return reachable;
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
