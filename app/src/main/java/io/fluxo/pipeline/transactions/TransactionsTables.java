package io.fluxo.pipeline.transactions;

import io.fluxo.sink.postgres.PostgresSink;
import io.fluxo.sink.postgres.TableSpec;
import java.time.Instant;
import java.util.List;

/** The transactions pipeline's PostgreSQL outputs (migrations V2, V4) as rows for the shared PostgreSQL sink. */
final class TransactionsTables {
    static final TableSpec TRANSACOES = new TableSpec("transacoes", List.of("id_transacao", "id_usuario_pagador",
            "id_usuario_recebedor", "id_regiao", "modalidade_pagamento", "data_horario", "valor_transacao", "aprovada",
            "motivo", "score_risco", "score_valor", "score_horario", "score_distancia", "score_velocidade", "processado_em",
            "kafka_topic", "kafka_partition", "kafka_offset", "valor_enviado"), List.of("id_transacao"));

    static final TableSpec ALERTAS_FRAUDE = new TableSpec("alertas_fraude", List.of("id_transacao", "id_usuario_pagador",
            "score_risco", "score_valor", "score_horario", "score_distancia", "score_velocidade", "motivo", "criado_em"),
            List.of("id_transacao"));

    private TransactionsTables() {
    }

    /** A transaction with its verdict, and its amount as sent when that was rounded to the cent (else null). */
    static PostgresSink.Row transacao(TxOutputRow r) {
        return PostgresSink.Row.of(TRANSACOES, r.getId(), r.getIdUsuarioPagador(), r.getIdUsuarioRecebedor(),
                r.getIdRegiao(), r.getModalidade(), Instant.ofEpochMilli(r.getDataHorario()), r.getValor().setScale(2),
                r.isAprovada(), r.getMotivo(), r.getScoreRisco(), r.getScoreValor(), r.getScoreHorario(),
                r.getScoreDistancia(), r.getScoreVelocidade(), Instant.ofEpochMilli(r.getProcessadoEm()), r.getTopic(),
                r.getPartition(), r.getOffset(), r.getValorEnviado());
    }

    /** The alert of a transaction refused as SUSPEITA_FRAUDE, created when it was processed. */
    static PostgresSink.Row alerta(TxOutputRow r) {
        return PostgresSink.Row.of(ALERTAS_FRAUDE, r.getId(), r.getIdUsuarioPagador(), r.getScoreRisco(),
                r.getScoreValor(), r.getScoreHorario(), r.getScoreDistancia(), r.getScoreVelocidade(), r.getMotivo(),
                Instant.ofEpochMilli(r.getProcessadoEm()));
    }

    /** The rows of a batch's transactions: each transaction, then the alert of each SUSPEITA_FRAUDE one. */
    static List<PostgresSink.Row> rows(List<TxOutputRow> transactions) {
        List<PostgresSink.Row> out = new java.util.ArrayList<>(transactions.size() + transactions.size() / 16);
        transactions.forEach(t -> out.add(transacao(t)));
        transactions.stream().filter(TransactionsTables::isFraudAlert).forEach(t -> out.add(alerta(t)));
        return out;
    }

    /** The rows of one transaction, written or refused together: its transacoes row, then its alert if it has one. */
    static List<PostgresSink.Row> rowsOf(TxOutputRow t) {
        return isFraudAlert(t) ? List.of(transacao(t), alerta(t)) : List.of(transacao(t));
    }

    static boolean isFraudAlert(TxOutputRow r) {
        return Motivo.SUSPEITA_FRAUDE.name().equals(r.getMotivo());
    }
}
