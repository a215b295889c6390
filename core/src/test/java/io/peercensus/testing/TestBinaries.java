package io.peercensus.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the real servers tests start (microsocks, dnsmasq, ...) and free loopback ports for them.
 * A missing binary fails the test with the Debian package to install: never a skip. Stateless and
 * thread-safe.
 */
public final class TestBinaries {

    private TestBinaries() {
    }

    /** The directories searched: {@code PATH}, then {@code extraDirs} (Debian's sbin directories are often not on PATH). */
    public static List<Path> searchPath(List<String> extraDirs) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        extraDirs.forEach(dir -> dirs.add(Path.of(dir)));
        return dirs;
    }

    /**
     * The first executable {@code binary} in {@code dirs}, in order.
     *
     * @param what what the binary is, for the message ("SOCKS5 test server")
     * @throws IllegalStateException naming the Debian package to install when there is none
     */
    public static Path locate(String binary, String debianPackage, String what, List<Path> dirs) {
        return dirs.stream()
                .map(dir -> dir.resolve(binary))
                .filter(Files::isRegularFile)
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(what + " '" + binary + "' not found in " + dirs
                        + ": install the Debian package: apt-get update && apt-get install -y " + debianPackage));
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago (start servers with a retry on another port). */
    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
