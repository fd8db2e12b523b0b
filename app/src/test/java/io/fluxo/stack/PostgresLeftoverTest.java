package io.fluxo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only a live postgres on this very cluster counts as left behind: pids of a stale lock file get reused. */
class PostgresLeftoverTest {
    @TempDir
    Path cluster;

    @Test
    void noLockFileMeansNoLeftover() {
        assertThat(PostgresLeftover.find(cluster)).isEmpty();
        assertThat(PostgresLeftover.find(cluster.resolve("missing"))).isEmpty();
    }

    @Test
    void aLockFileNamingAnotherProgramIsStale() throws IOException {
        // This test JVM is alive, but it is not a postgres.
        Files.writeString(cluster.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + cluster + "\n");
        assertThat(PostgresLeftover.find(cluster)).isEmpty();
    }

    @Test
    void aLockFileNamingADeadProcessOrGarbageIsStale() throws IOException, InterruptedException {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Files.writeString(cluster.resolve("postmaster.pid"), exited.pid() + "\n" + cluster + "\n");
        assertThat(PostgresLeftover.find(cluster)).isEmpty();

        Files.writeString(cluster.resolve("postmaster.pid"), "not a pid\n");
        assertThat(PostgresLeftover.find(cluster)).isEmpty();
        Files.writeString(cluster.resolve("postmaster.pid"), "");
        assertThat(PostgresLeftover.find(cluster)).isEmpty();
    }
}
