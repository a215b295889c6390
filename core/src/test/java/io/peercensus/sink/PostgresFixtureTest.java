package io.peercensus.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresFixtureTest {

    @TempDir
    Path root;

    private void version(String name, boolean withInitdb) throws IOException {
        Path bin = Files.createDirectories(root.resolve(name).resolve("bin"));
        if (withInitdb) {
            Files.createFile(bin.resolve("initdb"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
    }

    @Test
    void picksTheNewestMajorVersionThatHasInitdb() throws IOException {
        version("9.6", true);
        version("15", true);
        version("13", true);
        version("16", false);
        Files.createDirectories(root.resolve("notes"));

        assertThat(PostgresFixture.binDirectory(root)).isEqualTo(root.resolve("15").resolve("bin"));
    }

    @Test
    void failsNamingTheDebianPackageWhenNoVersionHasInitdb() throws IOException {
        version("16", false);

        assertThatThrownBy(() -> PostgresFixture.binDirectory(root)).isInstanceOf(IllegalStateException.class)
                .hasMessage("PostgreSQL test server: no " + root + "/<version>/bin/initdb: install the Debian package:"
                        + " apt-get update && apt-get install -y postgresql");
        assertThatThrownBy(() -> PostgresFixture.binDirectory(root.resolve("absent")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("apt-get install -y postgresql");
    }
}
