package io.peercensus.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * What the simulator mains share: {@code --option value} pairs, then a network started, announced on stdout and
 * followed by {@code ready}, served until stdin closes. Exit status 0 when stdin closed, 2 on bad arguments (an
 * unknown option, a missing or malformed value, a value the builder refuses), 1 when the network cannot start.
 *
 * <p>Stateless and thread-safe.
 */
final class SimulatorCommand {

    /** Takes one option and its value; throws {@link IllegalArgumentException} for an unknown option or a bad value. */
    @FunctionalInterface
    interface Options {
        void accept(String option, String value);
    }

    /**
     * Starts the network and prints what a client needs to find it (the lines before {@code ready}); returns what
     * stops it.
     */
    @FunctionalInterface
    interface Start {
        Runnable start(PrintStream out) throws IOException;
    }

    private SimulatorCommand() {
    }

    /**
     * Runs a simulator command: parses {@code args} into {@code options}, starts the network, prints {@code ready}
     * and serves until {@code stdin} closes. Errors go to {@code err} as one line prefixed with {@code program}.
     *
     * @return the exit status
     */
    static int run(String program, String[] args, Options options, Start start, InputStream stdin, PrintStream out,
            PrintStream err) {
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                options.accept(args[i], args[i + 1]);
            }
        } catch (IllegalArgumentException e) { // NumberFormatException included
            err.println(program + ": " + e.getMessage());
            return 2;
        }
        Runnable stop;
        try {
            stop = start.start(out);
        } catch (IllegalArgumentException e) { // a combination of values the builder refuses
            err.println(program + ": " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println(program + ": " + e);
            return 1;
        }
        try {
            out.println("ready");
            out.flush();
            while (stdin.read() >= 0) {
                // serve until stdin closes
            }
            return 0;
        } catch (IOException e) {
            err.println(program + ": " + e);
            return 1;
        } finally {
            stop.run();
        }
    }
}
