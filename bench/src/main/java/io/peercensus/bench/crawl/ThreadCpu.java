package io.peercensus.bench.crawl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CPU time of this process's threads, grouped by name, from Linux's {@code /proc/self/task}: a snapshot before a
 * crawl and one after say which threads the crawl's CPU went to (the event loop, the collector, the compilers).
 * Threads that ended in between (a crawl's event loop ends with it) are counted together, as the process's time
 * that no live thread accounts for. Empty where {@code /proc} is missing. Not thread-safe.
 */
final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** The number that ends the name of a thread in a pool, with its separator. */
    private static final Pattern NUMBERED = Pattern.compile("[-#]?\\d+$");

    /** User plus kernel clock ticks of each live thread, by thread ID. */
    private final Map<Long, Long> ticks;
    /** The name of each live thread, by thread ID. */
    private final Map<Long, String> names;
    /** User plus kernel clock ticks of the whole process, ended threads included. */
    private final long processTicks;

    private ThreadCpu(Map<Long, Long> ticks, Map<Long, String> names, long processTicks) {
        this.ticks = ticks;
        this.names = names;
        this.processTicks = processTicks;
    }

    /** Reads every live thread's CPU time now: take it outside the measured span, as it costs a read per thread. */
    static ThreadCpu snapshot() {
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        long processTicks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    long id = Long.parseLong(task.getFileName().toString());
                    ticks.put(id, cpuTicks(stat));
                    names.put(id, stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we read it
                }
            }
            processTicks = cpuTicks(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException e) {
            // no /proc: nothing to say
        }
        return new ThreadCpu(ticks, names, processTicks);
    }

    /** User plus kernel clock ticks of a {@code stat} file's line. */
    private static long cpuTicks(String stat) {
        long[] userKernel = userKernelTicks(stat);
        return userKernel[0] + userKernel[1];
    }

    /** The user and kernel clock ticks of a {@code stat} file's line (fields 14 and 15 of proc(5)). */
    static long[] userKernelTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    /**
     * What each group of threads spent between {@code before} and this snapshot, in milliseconds per {@code per}
     * (the reachable nodes), the largest first, groups under 1% of the total left out: "loop 0.120, GC 0.030".
     */
    String since(ThreadCpu before, long per) {
        Map<String, Long> byGroup = new TreeMap<>();
        for (Map.Entry<Long, Long> thread : ticks.entrySet()) {
            long spent = thread.getValue() - before.ticks.getOrDefault(thread.getKey(), 0L);
            byGroup.merge(group(names.get(thread.getKey())), spent, Long::sum);
        }
        long live = byGroup.values().stream().mapToLong(Long::longValue).sum();
        byGroup.merge("(ended threads)", Math.max(0, processTicks - before.processTicks - live), Long::sum);
        long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(byGroup.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return sorted.stream().filter(e -> e.getValue() * 100 >= total && e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue() * 10.0 / Math.max(1, per)))
                .collect(Collectors.joining(", "));
    }

    /** The group of a thread by its (kernel-truncated) name: numbered pools of the JVM fold into one. */
    static String group(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "GC";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT";
        }
        return NUMBERED.matcher(name).replaceFirst("");
    }
}
