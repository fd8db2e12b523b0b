package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Modality;
import io.fluxo.banking.PayloadFormat;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ModalityTest {
    @Test
    void parsesCaseInsensitivelyAndWritesThePayloadSpelling() {
        assertThat(Modality.parse("Boleto")).contains(Modality.BOLETO);
        assertThat(Modality.parse("bOLETO")).contains(Modality.BOLETO);
        assertThat(Modality.parse("pix")).contains(Modality.PIX);
        assertThat(Modality.parse("TED")).contains(Modality.TED);
        assertThat(Modality.parse("Doc")).contains(Modality.DOC);
        assertThat(Modality.parse("CHEQUE")).isEmpty();
        assertThat(Modality.parse(" PIX")).isEmpty();
        assertThat(Modality.parse(null)).isEmpty();
        assertThat(Modality.BOLETO.label()).isEqualTo("Boleto");
        assertThat(Modality.PIX.label()).isEqualTo("PIX");
    }

    @Test
    void readsEachModalitysLimit() {
        UserSeed.User u = new UserSeed.User("u1", "n", "SP", new BigDecimal("1.00"), new BigDecimal("2.00"),
                new BigDecimal("3.00"), new BigDecimal("4.00"), new BigDecimal("5.00"));
        assertThat(u.limitOf(Modality.PIX)).isEqualTo(new BigDecimal("2.00"));
        assertThat(u.limitOf(Modality.TED)).isEqualTo(new BigDecimal("3.00"));
        assertThat(u.limitOf(Modality.DOC)).isEqualTo(new BigDecimal("4.00"));
        assertThat(u.limitOf(Modality.BOLETO)).isEqualTo(new BigDecimal("5.00"));
        assertThat(PayloadFormat.parse("AVRO")).contains(PayloadFormat.AVRO);
        assertThat(PayloadFormat.parse("json")).contains(PayloadFormat.JSON);
        assertThat(PayloadFormat.parse("xml")).isEmpty();
        assertThat(PayloadFormat.AVRO.label()).isEqualTo("avro");
    }
}
