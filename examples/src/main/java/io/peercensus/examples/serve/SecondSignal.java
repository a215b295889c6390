package io.peercensus.examples.serve;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Makes a second SIGTERM or SIGINT end the JVM at once while the first one's graceful stop runs: without it the
 * JVM ignores signals once its shutdown hooks have started. Exits 143 for SIGTERM and 130 for SIGINT, as a shell
 * reports a process killed by the signal.
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}, in every JDK since 9) by reflection, because
 * javac flags every direct use of it with a warning that cannot be suppressed; when it is missing, a second signal
 * is ignored as before. Thread-safe.
 */
final class SecondSignal {
    private SecondSignal() {
    }

    /** From now on, SIGTERM and SIGINT halt the JVM at once. Call it when the graceful stop begins. */
    static void arm() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Method handle = signal.getMethod("handle", signal, handler);
            for (String name : new String[] {"TERM", "INT"}) {
                int status = name.equals("TERM") ? 143 : 130;
                InvocationHandler halt = (proxy, method, args) -> {
                    if (method.getName().equals("handle")) {
                        Runtime.getRuntime().halt(status);
                    }
                    return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                            : method.getName().equals("equals") ? (Object) (proxy == args[0])
                            : method.getName().equals("toString") ? "halt on SIG" + name : null;
                };
                Object h = Proxy.newProxyInstance(SecondSignal.class.getClassLoader(), new Class<?>[] {handler}, halt);
                handle.invoke(null, signal.getConstructor(String.class).newInstance(name), h);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no sun.misc.Signal here, or the signal is reserved (-Xrs): a second signal waits for the first stop
        }
    }
}
