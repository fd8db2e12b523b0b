package io.fluxo.pipeline.medallion;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.amount.SubCentPolicy;
import io.fluxo.banking.TransactionParser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class ParseBronzeTest {
    private static final Timestamp KAFKA_TIME = Timestamp.valueOf("2026-01-05 07:00:01");
    private final ParseBronze parse = new ParseBronze(TransactionParser.json(512, SubCentPolicy.REJECT));

    private static Row bronze(String key, String value) {
        return RowFactory.create(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
                "bank_transactions", 3, 77L, KAFKA_TIME, KAFKA_TIME);
    }

    @Test
    void aValidRecordBecomesItsTypedSilverColumnsWithItsBronzeCoordinates() {
        Row r = parse.parse(bronze("u000001", """
                {"id_transacao":"t1","id_usuario_pagador":"u000001","id_usuario_recebedor":"u000002","id_regiao":"SP",
                 "modalidade_pagamento":"Boleto","data_horario":1767596400000,"valor_transacao":123.4}"""));
        assertThat(r.size()).isEqualTo(MedallionTables.PARSED_SCHEMA.size());
        assertThat(r.getString(0)).isEqualTo("t1");
        assertThat(r.getString(1)).isEqualTo("u000001");
        assertThat(r.getString(2)).isEqualTo("u000002");
        assertThat(r.getString(3)).isEqualTo("SP");
        assertThat(r.getString(4)).isEqualTo("Boleto");
        assertThat(r.getTimestamp(5).getTime()).isEqualTo(1_767_596_400_000L); // 2026-01-05T07:00:00Z
        assertThat((BigDecimal) r.get(6)).isEqualTo(new BigDecimal("123.40"));
        assertThat(r.isNullAt(7)).isTrue(); // sent as it is kept
        assertThat(r.getString(8)).isEqualTo("bank_transactions");
        assertThat(r.getInt(9)).isEqualTo(3);
        assertThat(r.getLong(10)).isEqualTo(77L);
        assertThat(r.isNullAt(11)).isTrue(); // no reason
        assertThat(r.isNullAt(12)).isTrue();
    }

    @Test
    void anInvalidRecordKeepsItsReasonErrorCoordinatesKeyAndValue() {
        String value = """
                {"id_transacao":"t1","id_usuario_pagador":"u000001","id_usuario_recebedor":"u000002","id_regiao":"SP",
                 "modalidade_pagamento":"CHEQUE","data_horario":1767596400000,"valor_transacao":123.45}""";
        Row r = parse.parse(bronze("u000001", value));
        for (int i = 0; i < 8; i++) {
            assertThat(r.isNullAt(i)).as("silver column " + i).isTrue();
        }
        assertThat(r.getString(8)).isEqualTo("bank_transactions");
        assertThat(r.getInt(9)).isEqualTo(3);
        assertThat(r.getLong(10)).isEqualTo(77L);
        assertThat(r.getString(11)).isEqualTo("UNKNOWN_MODALITY");
        assertThat(r.getString(12)).isEqualTo("Invalid modalidade_pagamento: CHEQUE (must be PIX, TED, DOC or Boleto)");
        assertThat(r.getTimestamp(13)).isEqualTo(KAFKA_TIME);
        assertThat(new String((byte[]) r.get(14), StandardCharsets.UTF_8)).isEqualTo("u000001");
        assertThat(new String((byte[]) r.get(15), StandardCharsets.UTF_8)).isEqualTo(value);
    }

    @Test
    void aRecordWithoutAValueIsQuarantinedNotLost() {
        Row r = parse.parse(RowFactory.create(null, null, "bank_transactions", 0, 5L, KAFKA_TIME, KAFKA_TIME));
        assertThat(r.isNullAt(0)).isTrue();
        assertThat(r.getString(11)).isNotNull();
        assertThat(r.getLong(10)).isEqualTo(5L);
        assertThat(r.isNullAt(15)).isTrue();
    }
}
