package io.fluxo.pipeline.receivables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpectationFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsAGeneratedExpectation() {
        ReceivablesGenerator generator = new ReceivablesGenerator(ReceivablesOptions.defaults(5_000)
                .withOverAllocationRate(0.1).withDuplicateRate(0.1).withOutOfOrderRate(0.1),
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        generator.forEachRemaining(e -> {
        });
        List<ReceivableExpectation> expectation = generator.expectation();
        Path file = dir.resolve("nested/dir/expect.jsonl");

        ExpectationFile.write(file, expectation);

        assertThat(ExpectationFile.read(file)).isEqualTo(expectation);
    }

    @Test
    void writesOneObjectPerLineWithTwoDecimalAmounts() throws IOException {
        ReceivableExpectation withoutScheduling = new ReceivableExpectation("r1", null, 1, 1, 0, new BigDecimal("5"),
                BigDecimal.ZERO, null, Situacao.SEM_AGENDAMENTO, List.of("cancelado#c1"));
        ReceivableExpectation partial = new ReceivableExpectation("r2", new BigDecimal("100.1"), 2, 0, 1,
                BigDecimal.ZERO, new BigDecimal("0.10"), new BigDecimal("100.00"), Situacao.PARCIAL,
                List.of("negociado#n1", "agendado#r2"));
        Path file = dir.resolve("expect.jsonl");

        ExpectationFile.write(file, List.of(withoutScheduling, partial));

        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"id_recebivel\":\"r1\",\"valor_original\":null,\"quantidade_eventos\":1,\"quantidade_cancelamentos\":1,"
                        + "\"quantidade_negociacoes\":0,\"valor_total_cancelado\":5.00,\"valor_total_negociado\":0.00,"
                        + "\"valor_disponivel\":null,\"situacao\":\"SEM_AGENDAMENTO\",\"eventos\":[\"cancelado#c1\"]}",
                "{\"id_recebivel\":\"r2\",\"valor_original\":100.10,\"quantidade_eventos\":2,\"quantidade_cancelamentos\":0,"
                        + "\"quantidade_negociacoes\":1,\"valor_total_cancelado\":0.00,\"valor_total_negociado\":0.10,"
                        + "\"valor_disponivel\":100.00,\"situacao\":\"PARCIAL\",\"eventos\":[\"agendado#r2\",\"negociado#n1\"]}");
        assertThat(ExpectationFile.read(file)).containsExactly(withoutScheduling, partial);
    }

    @Test
    void acceptsIntegerAmountsAndBlankLines() throws IOException {
        Path file = dir.resolve("expect.jsonl");
        Files.writeString(file, "\n{\"id_recebivel\":\"r\",\"valor_original\":10,\"quantidade_eventos\":1,"
                + "\"quantidade_cancelamentos\":0,\"quantidade_negociacoes\":0,\"valor_total_cancelado\":0,"
                + "\"valor_total_negociado\":0,\"valor_disponivel\":10,\"situacao\":\"DISPONIVEL\",\"eventos\":[\"agendado#r\"]}\n\n");

        assertThat(ExpectationFile.read(file)).singleElement()
                .satisfies(e -> assertThat(e.valorOriginal()).isEqualTo(new BigDecimal("10.00")));
    }

    @Test
    void namesTheFileAndLineOfABadEntry() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"id_recebivel\":\"r\",\"eventos\":[]}\n");
        assertThatThrownBy(() -> ExpectationFile.read(file)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + file + " line 1: missing situacao");

        Files.writeString(file, "\n[1,2]\n");
        assertThatThrownBy(() -> ExpectationFile.read(file))
                .hasMessage("Cannot read expectation " + file + " line 2: not a JSON object");

        Files.writeString(file, "{\"user\":1}\n");
        assertThatThrownBy(() -> ExpectationFile.read(file))
                .hasMessage("Cannot read expectation " + file + " line 1: missing eventos (is this a receivables expectation?)");

        Files.writeString(file, "{nope\n");
        assertThatThrownBy(() -> ExpectationFile.read(file))
                .hasMessageStartingWith("Cannot read expectation " + file + " line 1: not JSON (");

        Files.writeString(file, "{\"id_recebivel\":\"r\",\"valor_original\":10.001,\"quantidade_eventos\":1,"
                + "\"quantidade_cancelamentos\":0,\"quantidade_negociacoes\":0,\"valor_total_cancelado\":0,"
                + "\"valor_total_negociado\":0,\"valor_disponivel\":10,\"situacao\":\"DISPONIVEL\",\"eventos\":[]}\n");
        assertThatThrownBy(() -> ExpectationFile.read(file))
                .hasMessageStartingWith("Cannot read expectation " + file + " line 1: amount with more than 2 decimals");
    }

    @Test
    void checksTheFileCanBeWrittenBeforeARun() {
        Path file = dir.resolve("a/b/expect.jsonl");
        ExpectationFile.checkWritable(file);
        assertThat(file.getParent()).isDirectory();
        assertThatThrownBy(() -> ExpectationFile.checkWritable(dir)).isInstanceOf(UserException.class)
                .hasMessage("Cannot write expectation " + dir + ": it is a directory");
    }

    @Test
    void saysHowToGetAMissingFile() {
        Path file = dir.resolve("none.jsonl");
        assertThatThrownBy(() -> ExpectationFile.read(file)).isInstanceOf(UserException.class)
                .hasMessage("Cannot read expectation " + file
                        + ": no such file (write one with fluxo produce ... --expect FILE)");
    }
}
