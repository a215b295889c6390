package io.peercensus.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code report} and {@code export} from the packaged {@code peercensus.jar}, as a user would. */
class ReportJarIT {
    private static final Path JAR = Path.of("target", "peercensus.jar");

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private Result java(String... args) throws Exception {
        assertThat(JAR).as("the shaded jar is built by 'mvn package'").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("peercensus " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void reportAndExportRunFromTheJar() throws Exception {
        Path db = dir.resolve("crawls.db");
        SampleCrawls.store(db, SampleCrawls.bitcoin("c1"));
        Result json = java("report", "--db", db.toString(), "--format", "json");
        assertThat(json.status()).as(json.err()).isZero();
        assertThat(new ObjectMapper().readTree(json.out()).at("/totals/peers").asLong()).isEqualTo(9);
        Result csv = java("export", "--db", db.toString(), "--crawl", "c1", "--format", "csv");
        assertThat(csv.status()).as(csv.err()).isZero();
        assertThat(csv.out().lines()).hasSize(7);
    }

    @Test
    void missingDatabaseExits2WithOneLine() throws Exception {
        Path missing = dir.resolve("missing.db");
        Result r = java("report", "--db", missing.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly("peercensus: no such database file: " + missing);
        assertThat(r.out()).isEmpty();
    }
}
