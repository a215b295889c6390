package io.peercensus.examples.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM and SIGINT (Ctrl-C) for a command that can stop gracefully. The first signal runs the command's stop and
 * lets it end by itself, with the status 128 + the signal's number (143, 130); if it has not ended within the
 * deadline, or when a second signal comes, the process exits at once with that status.
 *
 * <p>The handlers go through {@code sun.misc.Signal} (module {@code jdk.unsupported}), reached reflectively so the
 * build has no dependency on it. Where it is missing, a shutdown hook stops the command instead (the JVM then exits
 * with the same status once the hook returns, and a second signal cannot cut the wait short).
 *
 * <p>Thread-safe.
 */
public final class StopSignals implements AutoCloseable {
    /** How long after the first signal the command may take to end before the process exits regardless. */
    public static final Duration DEADLINE = Duration.ofMillis(2700);

    private final Runnable stop;
    private final PrintStream err;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile int status;
    private Thread hook;
    /** Restores the handlers there were before, or {@code null}. */
    private Runnable restore;

    private StopSignals(Runnable stop, PrintStream err) {
        this.stop = stop;
        this.err = err;
    }

    /**
     * Installs the handlers until {@link #close()}.
     *
     * @param stop starts the command's graceful stop; it must return at once
     * @param err where to say that the command is stopping
     */
    public static StopSignals install(Runnable stop, PrintStream err) {
        StopSignals s = new StopSignals(stop, err);
        if (!s.handleSignals()) {
            s.hook = new Thread(() -> s.signalled("SIGTERM", 143), "peercensus-stop");
            Runtime.getRuntime().addShutdownHook(s.hook);
        }
        return s;
    }

    /** Whether a signal asked the command to stop. */
    public boolean received() {
        return status != 0;
    }

    /** The exit status the signal asks for (143 for SIGTERM, 130 for SIGINT), or 0 when none came. */
    public int status() {
        return status;
    }

    /** The command ended: no exit is forced any more. A signal after this is handled as the first one. */
    @Override
    public void close() {
        ended.countDown();
        if (restore != null) {
            restore.run();
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it sees the command ended
            }
        }
    }

    /** On the signal's thread: the first signal stops the command, a later one (or the deadline) exits now. */
    private void signalled(String name, int exitStatus) {
        synchronized (this) {
            if (status != 0) {
                err.println("peercensus: " + name + " again: exiting now");
                Runtime.getRuntime().halt(status);
            }
            status = exitStatus;
        }
        err.println("peercensus: " + name + ": stopping (finishing what is under way; send it again to exit now)");
        stop.run();
        Thread watchdog = new Thread(() -> {
            try {
                if (!ended.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    err.println("peercensus: the stop took longer than " + DEADLINE.toMillis() + " ms: exiting now");
                    Runtime.getRuntime().halt(exitStatus);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "peercensus-stop-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
        if (hook != null && Thread.currentThread() == hook) {
            try {
                watchdog.join(); // a shutdown hook that returns lets the JVM exit: wait for the command first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Installs handlers for TERM and INT through {@code sun.misc.Signal}; false when it is not available. */
    private boolean handleSignals() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Method number = signal.getMethod("getNumber");
            Object proxy = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handler},
                    (self, method, args) -> {
                        if (method.getName().equals("handle")) {
                            signalled(String.valueOf(args[0]), 128 + (int) number.invoke(args[0]));
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(self);
                            case "equals" -> self == args[0];
                            default -> "StopSignals";
                        };
                    });
            Method handle = signal.getMethod("handle", signal, handler);
            Map<Object, Object> before = new LinkedHashMap<>();
            for (String name : new String[] {"TERM", "INT"}) {
                Object which = signal.getConstructor(String.class).newInstance(name);
                try {
                    before.put(which, handle.invoke(null, which, proxy));
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof IllegalArgumentException)) {
                        throw e;
                    }
                    // the signal is ignored (INT in a background job) or reserved: leave it as it is
                }
            }
            restore = () -> before.forEach((which, previous) -> {
                try {
                    handle.invoke(null, which, previous);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // the previous handler stays replaced; the JVM is about to exit in every command that installs one
                }
            });
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
