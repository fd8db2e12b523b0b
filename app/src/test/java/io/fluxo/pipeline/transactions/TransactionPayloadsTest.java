package io.fluxo.pipeline.transactions;

import io.fluxo.banking.BankTransactionAvro;
import io.fluxo.banking.Modality;
import io.fluxo.banking.PayloadFormat;
import io.fluxo.banking.Transaction;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TransactionPayloadsTest {
    private static final Transaction TX = Transaction.of("t1", "u000001", "u000002", "SP", Modality.BOLETO,
            1_767_596_400_000L, new BigDecimal("1234567890123456.70"));

    @Test
    void writesJsonWithExactPlainAmountsAndThePayloadSpelling() {
        assertThat(new String(new TransactionPayloads(PayloadFormat.JSON, null).encode(TX), StandardCharsets.UTF_8))
                .isEqualTo("{\"id_transacao\":\"t1\",\"id_usuario_pagador\":\"u000001\",\"id_usuario_recebedor\":\"u000002\","
                        + "\"id_regiao\":\"SP\",\"modalidade_pagamento\":\"Boleto\",\"data_horario\":1767596400000,"
                        + "\"valor_transacao\":1234567890123456.70}");
    }

    @Test
    void writesAvroInTheConfluentWireFormatWithSchemaIdOne() {
        byte[] value = new TransactionPayloads(PayloadFormat.AVRO, BankTransactionAvro.defaultSchema()).encode(TX);
        assertThat(Arrays.copyOf(value, 5)).containsExactly(0, 0, 0, 0, TransactionPayloads.SCHEMA_ID);
        assertThat(TransactionPayloads.SCHEMA_ID).isEqualTo(1);
    }
}
