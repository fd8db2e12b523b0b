package io.fluxo.banking;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * A valid bank transaction (DESIGN §1.2) and where it was read from. The payload's field names are, in
 * order: id_transacao, id_usuario_pagador, id_usuario_recebedor, id_regiao, modalidade_pagamento,
 * data_horario, valor_transacao.
 *
 * @param dataHorario epoch milliseconds
 * @param valorTransacao positive, scale 2
 * @param valorEnviado valor_transacao exactly as sent when it had sub-cent digits and was rounded
 *     (fluxo.amounts.sub-cent = round-half-even), else null
 * @param topic null for a transaction that did not come from Kafka (a generator's, a test's)
 */
public record Transaction(
        String idTransacao,
        String idUsuarioPagador,
        String idUsuarioRecebedor,
        String idRegiao,
        Modality modalidadePagamento,
        long dataHorario,
        BigDecimal valorTransacao,
        String valorEnviado,
        String topic,
        int partition,
        long offset) {

    public Transaction {
        requireNonNull(idTransacao, "idTransacao");
        requireNonNull(idUsuarioPagador, "idUsuarioPagador");
        requireNonNull(idUsuarioRecebedor, "idUsuarioRecebedor");
        requireNonNull(idRegiao, "idRegiao");
        requireNonNull(modalidadePagamento, "modalidadePagamento");
        requireNonNull(valorTransacao, "valorTransacao");
        if (valorTransacao.scale() != 2 || valorTransacao.signum() <= 0) {
            throw new IllegalArgumentException("Invalid valorTransacao: " + valorTransacao.toPlainString()
                    + " (must be positive with 2 decimal places)");
        }
    }

    /** A transaction whose amount was sent as it is kept. */
    public Transaction(String idTransacao, String idUsuarioPagador, String idUsuarioRecebedor, String idRegiao,
            Modality modalidadePagamento, long dataHorario, BigDecimal valorTransacao, String topic, int partition,
            long offset) {
        this(idTransacao, idUsuarioPagador, idUsuarioRecebedor, idRegiao, modalidadePagamento, dataHorario,
                valorTransacao, null, topic, partition, offset);
    }

    /** A transaction that did not come from Kafka (no topic, partition -1, offset -1). */
    public static Transaction of(String idTransacao, String idUsuarioPagador, String idUsuarioRecebedor,
            String idRegiao, Modality modalidadePagamento, long dataHorario, BigDecimal valorTransacao) {
        return new Transaction(idTransacao, idUsuarioPagador, idUsuarioRecebedor, idRegiao, modalidadePagamento,
                dataHorario, valorTransacao, null, -1, -1L);
    }
}
