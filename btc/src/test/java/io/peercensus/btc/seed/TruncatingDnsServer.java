package io.peercensus.btc.seed;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * A broken DNS server on one loopback port: over UDP it answers every query with an empty, truncated (TC) reply, so
 * the client must ask again over TCP; over TCP it accepts connections (the kernel completes them) and never answers.
 *
 * <p>Thread-safe: a daemon thread answers UDP; {@link #close()} stops it.
 */
final class TruncatingDnsServer implements AutoCloseable {
    private static final int BIND_ATTEMPTS = 5;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Thread responder;
    private final AtomicInteger udpQueries = new AtomicInteger();

    private TruncatingDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        this.responder = new Thread(this::answerTruncated, "truncating-dns-server");
        responder.setDaemon(true);
        responder.start();
    }

    /** Binds a TCP listener on a free loopback port and UDP on the same port number (retrying if UDP is taken). */
    static TruncatingDnsServer start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 1; ; attempt++) {
            ServerSocket tcp = new ServerSocket(0, 50, loopback);
            try {
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()));
                return new TruncatingDnsServer(udp, tcp);
            } catch (BindException taken) {
                tcp.close();
                if (attempt == BIND_ATTEMPTS) {
                    throw taken;
                }
            }
        }
    }

    private void answerTruncated() {
        byte[] buffer = new byte[512];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                udpQueries.incrementAndGet();
                Message reply = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setFlag(Flags.TC);
                byte[] wire = reply.toWire();
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException malformed) {
                // Not a DNS query: ignore it, as a server would.
            }
        }
    }

    /** Where the server listens, UDP and TCP. */
    InetSocketAddress address() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    /** How many UDP queries have arrived. */
    int udpQueries() {
        return udpQueries.get();
    }

    /** Whether a TCP connection is waiting to be accepted (the client retried over TCP); accepts and closes it. */
    boolean tcpConnectionArrived() throws IOException {
        tcp.setSoTimeout(1);
        try {
            Socket connection = tcp.accept();
            connection.close();
            return true;
        } catch (SocketTimeoutException none) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
        try {
            responder.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
