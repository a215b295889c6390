package io.peercensus.btc.internal.seed;

import io.peercensus.address.NetAddress;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The A and AAAA queries for one name, sent together, and what their answers say: the addresses in record order
 * (A first), following a CNAME chain in the answer section, or a one-line reason why there are none.
 *
 * <p>Thread-safe: the queries complete on the resolver's threads; {@link #outcome} only reads what has completed.
 */
public final class NameLookup {
    /** The longest CNAME chain followed inside one answer. */
    static final int MAX_CNAME_HOPS = 8;

    private final CompletableFuture<Message> a;
    private final CompletableFuture<Message> aaaa;
    private final Name name;
    private final String invalid;

    private NameLookup(Name name, CompletableFuture<Message> a, CompletableFuture<Message> aaaa, String invalid) {
        this.name = name;
        this.a = a;
        this.aaaa = aaaa;
        this.invalid = invalid;
    }

    /**
     * Sends the A and AAAA queries for {@code host} (made absolute: no search list) through {@code resolver}.
     * A name dnsjava cannot parse gives a lookup that is already finished with its reason.
     */
    public static NameLookup start(Resolver resolver, String host) {
        Name name;
        try {
            name = Name.fromString(host, Name.root);
        } catch (TextParseException e) {
            CompletableFuture<Message> none = CompletableFuture.completedFuture(null);
            return new NameLookup(null, none, none, "invalid DNS name: " + oneLine(e.getMessage()));
        }
        return new NameLookup(name, send(resolver, name, Type.A), send(resolver, name, Type.AAAA), null);
    }

    private static CompletableFuture<Message> send(Resolver resolver, Name name, int type) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        try {
            return resolver.sendAsync(query).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Completes when both queries have an answer or have failed. */
    public CompletableFuture<Void> completion() {
        return CompletableFuture.allOf(a, aaaa);
    }

    /**
     * What the lookup has found so far: queries still unanswered count as "no answer within
     * {@code timeoutMillis} ms". Never blocks.
     */
    public Outcome outcome(long timeoutMillis) {
        if (invalid != null) {
            return new Outcome(List.of(), invalid);
        }
        Answer forA = answer(a, Type.A, timeoutMillis);
        Answer forAaaa = answer(aaaa, Type.AAAA, timeoutMillis);
        List<NetAddress> addresses = new ArrayList<>(forA.addresses());
        addresses.addAll(forAaaa.addresses());
        if (!addresses.isEmpty()) {
            return new Outcome(addresses, null);
        }
        String reason;
        if (forA.noData() && forAaaa.noData()) {
            reason = "no A or AAAA records";
        } else if (forA.failure().equals(forAaaa.failure())) {
            reason = forA.failure();
        } else {
            reason = "A: " + forA.failure() + "; AAAA: " + forAaaa.failure();
        }
        return new Outcome(List.of(), reason);
    }

    private Answer answer(CompletableFuture<Message> query, int type, long timeoutMillis) {
        String noAnswer = "no answer within " + timeoutMillis + " ms";
        if (!query.isDone()) {
            return Answer.failed(noAnswer);
        }
        try {
            return read(query.join(), name, type);
        } catch (CancellationException e) {
            return Answer.failed(noAnswer);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                return Answer.failed(noAnswer);
            }
            if (cause instanceof PortUnreachableException) {
                return Answer.failed("port unreachable: no DNS server there");
            }
            return Answer.failed(describe(cause));
        }
    }

    /** The addresses of {@code type} for {@code name} in {@code response}, following CNAMEs, or why there are none. */
    static Answer read(Message response, Name name, int type) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return Answer.failed("NXDOMAIN");
        }
        if (rcode != Rcode.NOERROR) {
            return Answer.failed(Rcode.string(rcode));
        }
        List<Record> records = response.getSection(Section.ANSWER);
        Name owner = name;
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            List<NetAddress> found = new ArrayList<>();
            Name alias = null;
            for (Record r : records) {
                if (!r.getName().equals(owner)) {
                    continue;
                }
                if (r.getType() == type) {
                    found.add(NetAddress.of(address(r)));
                } else if (r instanceof CNAMERecord cname && alias == null) {
                    alias = cname.getTarget();
                }
            }
            if (!found.isEmpty()) {
                return new Answer(found, null, false);
            }
            if (alias == null) {
                break;
            }
            owner = alias;
        }
        return new Answer(List.of(), "no " + Type.string(type) + " records", true);
    }

    private static InetAddress address(Record r) {
        if (r instanceof ARecord ar) {
            return ar.getAddress();
        }
        return ((AAAARecord) r).getAddress();
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        String kind = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + oneLine(message);
    }

    /** {@code text} with every run of whitespace and control characters made one space. */
    static String oneLine(String text) {
        return text.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
    }

    /**
     * What one lookup found.
     *
     * @param addresses the A then AAAA addresses, in record order; empty when there are none
     * @param failure why there are none (one line), or null when there are some
     */
    public record Outcome(List<NetAddress> addresses, String failure) {
        /** An outcome; the list is copied. */
        public Outcome {
            addresses = List.copyOf(addresses);
        }
    }

    /** One query's result: addresses, or a failure; {@code noData} when the name exists without such records. */
    record Answer(List<NetAddress> addresses, String failure, boolean noData) {
        static Answer failed(String failure) {
            return new Answer(List.of(), failure, false);
        }
    }
}
