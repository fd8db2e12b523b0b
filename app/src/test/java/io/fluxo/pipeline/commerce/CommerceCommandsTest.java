package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags of fluxo produce commerce and fluxo verify commerce, parsed without any server. */
class CommerceCommandsTest {
    private static CommerceCommands.Produce produce(String... args) {
        CommerceCommands.Produce command = new CommerceCommands.Produce(null);
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void theDefaultsAreTheSeededCatalogAndCleanTraffic() {
        assertThat(produce("--count", "10").options()).isEqualTo(new CommerceGenerator.Options(42, 10, 200, 2_000, 42,
                Instant.parse("2026-01-05T12:00:00Z").toEpochMilli(), 20, 0, 0, 0));
    }

    @Test
    void everyFlagReachesTheGenerator() {
        CommerceGenerator.Options o = produce("--count", "500", "--seed", "7", "--late-rate", "0.05",
                "--out-of-order-rate", "0.1", "--invalid-rate", "0.02", "--products", "50", "--customers", "300",
                "--catalog-seed", "9", "--start", "2026-03-01T09:30:00-03:00", "--pace", "100").options();
        assertThat(o).isEqualTo(new CommerceGenerator.Options(7, 500, 50, 300, 9,
                Instant.parse("2026-03-01T12:30:00Z").toEpochMilli(), 100, 0.1, 0.05, 0.02));
    }

    @Test
    void badFlagsAreOneLineNamingTheFlag() {
        assertThatThrownBy(() -> produce("--count", "10", "--start", "monday").options()).isInstanceOf(UserException.class)
                .hasMessage("Invalid --start: monday (use an ISO-8601 date-time with its offset, such as 2026-01-05T12:00:00Z)");
        assertThatThrownBy(() -> produce("--count", "10", "--products", "0").options()).isInstanceOf(UserException.class)
                .hasMessage("Invalid --products: 0 (use 1 to 99999)");
        assertThatThrownBy(() -> produce("--count", "10", "--late-rate", "2").options()).isInstanceOf(UserException.class)
                .hasMessage("Invalid --late-rate: 2.0 (use 0 to 1)");
        assertThatThrownBy(() -> produce("--count", "0").options()).isInstanceOf(UserException.class)
                .hasMessage("Invalid --count: 0 (must be at least 1)");
    }

    @Test
    void verifyTakesTheExpectFileATimeoutAndCanSkipTheDeadLetters() {
        CommerceCommands.Verify verify = new CommerceCommands.Verify(null);
        new CommandLine(verify).parseArgs("--expect", "x.jsonl", "--timeout", "5s", "--skip-dlq");
        assertThat(verify.common.expect()).hasToString("x.jsonl");
        assertThat(verify.common.timeout()).hasSeconds(5);
        assertThat(verify.skipDlq).isTrue();
        CommerceCommands.Verify plain = new CommerceCommands.Verify(null);
        new CommandLine(plain).parseArgs("--expect", "x.jsonl");
        assertThat(plain.skipDlq).isFalse();
        assertThat(new CommandLine(plain).getCommandName()).isEqualTo("commerce");
    }
}
