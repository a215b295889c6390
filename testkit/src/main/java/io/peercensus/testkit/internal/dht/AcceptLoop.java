package io.peercensus.testkit.internal.dht;

import io.peercensus.testkit.internal.net.LoopbackSockets;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One selector thread accepting for every node: each serving listener registered for accept, each accepted
 * connection handed, in blocking mode, to a {@link NodeConversation} on a handler thread. Keeps the open
 * connections so that {@link #close()} can end them.
 *
 * <p>Thread-safe in its public surface: {@link #listen} before {@link #start()} from the building thread,
 * {@link #close()} from any thread; accepting runs on the loop's own thread.
 */
final class AcceptLoop implements AutoCloseable {

    private static final Duration ACCEPT_BACKOFF = Duration.ofMillis(100);

    private final Selector selector;
    private final Thread thread;
    private final ServingThreads threads;
    private final String protocolId;
    private final SecureRandom random = new SecureRandom();
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    AcceptLoop(String name, ServingThreads threads, String protocolId) throws IOException {
        this.selector = Selector.open();
        this.threads = threads;
        this.protocolId = protocolId;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Registers a bound listener of {@code node} for accepting; before {@link #start()} only. */
    void listen(ServerSocketChannel listener, ServedDhtNode node) throws IOException {
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT, node);
    }

    void start() {
        thread.start();
    }

    /** How many accepted connections are open now. */
    int openConnections() {
        return open.size();
    }

    private void run() {
        try {
            while (!closing) {
                selector.select();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    try {
                        if (key.isValid() && key.isAcceptable()) {
                            accept(key, (ServedDhtNode) key.attachment());
                        }
                    } catch (CancelledKeyException e) {
                        // closed while handled
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // the selector failed or was closed: nothing more to accept
        } finally {
            LoopbackSockets.closeQuietly(selector);
        }
    }

    private void accept(SelectionKey key, ServedDhtNode node) {
        ServerSocketChannel listener = (ServerSocketChannel) key.channel();
        while (!closing) {
            SocketChannel channel;
            try {
                channel = listener.accept(); // blocking mode, whatever the listener's mode
            } catch (IOException e) {
                // Out of file descriptors, most likely: stop accepting on this listener for a moment.
                key.interestOps(0);
                threads.later(ACCEPT_BACKOFF, () -> {
                    if (key.isValid()) {
                        key.interestOps(SelectionKey.OP_ACCEPT);
                        selector.wakeup();
                    }
                });
                return;
            }
            if (channel == null) {
                return;
            }
            open.add(channel);
            NodeConversation conversation = new NodeConversation(node, channel, threads, random, protocolId,
                    () -> open.remove(channel));
            if (closing || !threads.execute(conversation)) {
                open.remove(channel);
                LoopbackSockets.closeQuietly(channel);
            }
        }
    }

    /** Stops accepting, waits for the loop thread to end, and closes every open connection. */
    @Override
    public void close() {
        closing = true;
        if (thread.getState() != Thread.State.NEW) {
            selector.wakeup();
            if (Thread.currentThread() != thread) {
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not stop within 10 s");
            }
        } else {
            LoopbackSockets.closeQuietly(selector);
        }
        for (SocketChannel c : open) {
            LoopbackSockets.closeQuietly(c);
        }
    }
}
