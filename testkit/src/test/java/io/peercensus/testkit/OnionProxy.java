package io.peercensus.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small SOCKS5 server on 127.0.0.1 standing in for a Tor client: it maps {@code .onion} names to
 * loopback endpoints and relays, or plays a failure. Records every CONNECT it is asked for.
 */
final class OnionProxy implements AutoCloseable {
    /** How the proxy answers a CONNECT. */
    enum Mode { RELAY, HOST_UNREACHABLE, SILENT }

    private final ServerSocket server;
    private final Map<String, InetSocketAddress> names;
    private final Mode mode;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<Integer> addressTypes = new CopyOnWriteArrayList<>();

    OnionProxy(Map<String, InetSocketAddress> names, Mode mode) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.names = Map.copyOf(names);
        this.mode = mode;
        Thread t = new Thread(this::acceptLoop, "onion-proxy");
        t.setDaemon(true);
        t.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "onion-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            in.readUnsignedByte(); // version 5
            in.readFully(new byte[in.readUnsignedByte()]); // methods
            out.write(new byte[] {5, 0});
            byte[] head = new byte[4];
            in.readFully(head); // VER CMD RSV ATYP
            addressTypes.add((int) head[3]);
            String host;
            if (head[3] == 3) {
                byte[] name = new byte[in.readUnsignedByte()];
                in.readFully(name);
                host = new String(name, StandardCharsets.US_ASCII);
            } else {
                in.readFully(new byte[head[3] == 1 ? 4 : 16]);
                host = "(address type " + head[3] + ")";
            }
            int port = in.readUnsignedShort();
            requests.add(host + ":" + port);
            if (mode == Mode.SILENT) {
                in.read(); // never answers; returns when the client gives up
                return;
            }
            InetSocketAddress target = names.get(host);
            if (mode == Mode.HOST_UNREACHABLE || target == null) {
                out.write(new byte[] {5, 4, 0, 1, 0, 0, 0, 0, 0, 0});
                return;
            }
            try (Socket upstream = new Socket(target.getAddress(), target.getPort())) {
                out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
                out.flush();
                Thread back = new Thread(() -> pipe(upstream, client), "onion-proxy-back");
                back.setDaemon(true);
                back.start();
                pipe(client, upstream);
            }
        } catch (IOException ignored) {
            // the crawler hung up
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
