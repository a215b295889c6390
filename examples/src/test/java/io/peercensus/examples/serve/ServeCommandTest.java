package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.peercensus.examples.cli.PeercensusCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} refuses what can never work at once, with one line on stderr and status 2 (bad arguments) or 1 (a
 * resource that cannot be used), instead of retrying a crawl every 10 s for ever.
 */
class ServeCommandTest {
    @TempDir
    Path dir;

    private record Run(int status, List<String> err) {
    }

    private static Run serve(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            List<String> all = new ArrayList<>(List.of("serve", "--port", "0"));
            all.addAll(List.of(args));
            StringWriter err = new StringWriter();
            int status = PeercensusCommand.execute(all.toArray(new String[0]), new PrintWriter(new StringWriter(), true),
                    new PrintWriter(err, true));
            return new Run(status, err.toString().lines().toList());
        }, "serve must give up at once");
    }

    @Test
    void anUnknownNetworkIsABadArgument() {
        Run r = serve("--network", "nonesuch");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).containsExactly("peercensus: unknown DHT network 'nonesuch' (known: ipfs, filecoin); give its"
                + " Kademlia protocol ID with the option 'protocol'");
        Run btc = serve("--network", "bitcoin-nonesuch");
        assertThat(btc.status()).isEqualTo(2);
        assertThat(btc.err()).singleElement().asString().startsWith("peercensus: unknown Bitcoin network 'bitcoin-nonesuch'");
    }

    @Test
    void aFileThatIsNotSqliteIsOneLineAndStatus1() throws Exception {
        Path notDb = Files.writeString(dir.resolve("notes.txt"), "not a database\n".repeat(100));
        Run r = serve("--simulate", "10", "--db", notDb.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).singleElement().asString().startsWith("peercensus: cannot configure database jdbc:sqlite:")
                .contains("not a database");
    }

    @Test
    void anUnwritableDatabaseIsOneLineAndStatus1() throws Exception {
        Path missingDir = dir.resolve("no-such-dir").resolve("crawls.db");
        Run r = serve("--simulate", "10", "--db", missingDir.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).singleElement().asString().startsWith("peercensus: cannot open database jdbc:sqlite:");
    }

    @Test
    void anUnreachableDatabaseServerIsOneLineAndStatus1() {
        Run r = serve("--simulate", "10", "--jdbc", "jdbc:postgresql://127.0.0.1:1/peercensus?connectTimeout=5");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).singleElement().asString().startsWith("peercensus: cannot open database jdbc:postgresql://127.0.0.1:1/");
    }

    @Test
    void limitsAndDurationsOutOfBoundsAreBadArguments() {
        Run none = serve("--simulate", "10", "--max-clients", "0");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).containsExactly("peercensus: --max-clients must be at least 1, got 0");
        Run pause = serve("--simulate", "10", "--pause", "999999999d");
        assertThat(pause.status()).isEqualTo(2);
        assertThat(pause.err()).containsExactly("peercensus: --pause must be at most 365 days, got 999999999 days");
        Run duration = serve("--simulate", "10", "--duration", "999999999d");
        assertThat(duration.status()).isEqualTo(2);
        assertThat(duration.err()).containsExactly("peercensus: --duration must be at most 365 days, got 999999999 days");
        Run timeout = serve("--simulate", "10", "--conversation-timeout", "999999999d");
        assertThat(timeout.status()).isEqualTo(2);
        assertThat(timeout.err()).containsExactly("peercensus: --conversation-timeout must be at most 365 days, got 999999999 days");
        Run header = serve("--simulate", "10", "--header-timeout", "2h");
        assertThat(header.status()).isEqualTo(2);
        assertThat(header.err()).containsExactly("peercensus: --header-timeout must be from 10ms to 1h, got 7200s");
        Run token = serve("--simulate", "10", "--token", "short");
        assertThat(token.status()).isEqualTo(2);
        assertThat(token.err()).singleElement().asString().startsWith("peercensus: --token: the token must be 16 to 256 characters");
    }
}
