package io.fluxo.sink.postgres;

import io.fluxo.config.FluxoConfig.PostgresSettings;
import io.fluxo.pipeline.transactions.job.TxOutputRow;
import io.fluxo.sink.Sink;
import io.fluxo.sink.SinkException;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Iterator;
import org.postgresql.PGConnection;

/**
 * Writes a micro-batch's transactions (upsert into transacoes) and fraud alerts (upsert into
 * alertas_fraude) in ONE PostgreSQL transaction together with the fence row (query id, batch id):
 * a batch whose fence row exists was written before and is skipped, so a replay after a crash applies
 * nothing twice. Rows reach the server through COPY into a temporary table, the fastest path in.
 */
public final class TransactionsPostgresSink implements Sink<TxOutputRow> {
    static final String COLUMNS = "id_transacao, id_usuario_pagador, id_usuario_recebedor, id_regiao, modalidade_pagamento,"
            + " data_horario, valor_transacao, aprovada, motivo, score_risco, score_valor, score_horario, score_distancia,"
            + " score_velocidade, processado_em, kafka_topic, kafka_partition, kafka_offset";

    private final PostgresSettings settings;
    private final String queryId;

    public TransactionsPostgresSink(PostgresSettings settings, String queryId) {
        this.settings = settings;
        this.queryId = queryId;
    }

    @Override
    public void write(long batchId, Iterator<TxOutputRow> rows) {
        try (Connection c = PostgresDataSources.shared(settings).getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!claimFence(c, batchId)) {
                    c.rollback();
                    return; // written by an earlier attempt of this batch
                }
                try (Statement s = c.createStatement()) {
                    s.execute("create temporary table tx_stage (like transacoes) on commit drop");
                }
                c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy tx_stage (" + COLUMNS + ") from stdin with (format csv)", new CsvReader(rows));
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("insert into transacoes (" + COLUMNS + ") select " + COLUMNS + " from tx_stage"
                            + " on conflict (id_transacao) do update set " + updates(COLUMNS));
                    s.executeUpdate("insert into alertas_fraude (id_transacao, id_usuario_pagador, score_risco, score_valor,"
                            + " score_horario, score_distancia, score_velocidade, motivo, criado_em)"
                            + " select id_transacao, id_usuario_pagador, score_risco, score_valor, score_horario,"
                            + " score_distancia, score_velocidade, motivo, processado_em from tx_stage"
                            + " where motivo = 'SUSPEITA_FRAUDE' on conflict (id_transacao) do update set"
                            + " id_usuario_pagador = excluded.id_usuario_pagador, score_risco = excluded.score_risco,"
                            + " score_valor = excluded.score_valor, score_horario = excluded.score_horario,"
                            + " score_distancia = excluded.score_distancia, score_velocidade = excluded.score_velocidade,"
                            + " motivo = excluded.motivo, criado_em = excluded.criado_em");
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | IOException e) {
            throw new SinkException("Cannot write batch " + batchId + " to PostgreSQL at " + settings.url() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Inserts the fence row; false when it was there already. Blocks while another writer holds the same batch. */
    private boolean claimFence(Connection c, long batchId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "insert into fluxo_batches (query_id, batch_id) values (?, ?) on conflict do nothing")) {
            p.setString(1, queryId);
            p.setLong(2, batchId);
            return p.executeUpdate() == 1;
        }
    }

    private static String updates(String columns) {
        StringBuilder sb = new StringBuilder();
        for (String column : columns.split(",")) {
            String c = column.strip();
            if (!c.equals("id_transacao")) {
                sb.append(sb.length() == 0 ? "" : ", ").append(c).append(" = excluded.").append(c);
            }
        }
        return sb.toString();
    }

    /** The TRANSACTION rows as CSV, produced lazily so a large batch is never held twice in memory. */
    static final class CsvReader extends Reader {
        private final Iterator<TxOutputRow> rows;
        private String current = "";
        private int position;

        CsvReader(Iterator<TxOutputRow> rows) {
            this.rows = rows;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (position == current.length()) {
                if (!rows.hasNext()) {
                    return -1;
                }
                current = line(rows.next());
                position = 0;
            }
            int n = Math.min(length, current.length() - position);
            current.getChars(position, position + n, buffer, offset);
            position += n;
            return n;
        }

        @Override
        public void close() {
        }

        static String line(TxOutputRow r) {
            return text(r.getId()) + ',' + text(r.getIdUsuarioPagador()) + ',' + text(r.getIdUsuarioRecebedor()) + ','
                    + text(r.getIdRegiao()) + ',' + text(r.getModalidade()) + ',' + Instant.ofEpochMilli(r.getDataHorario())
                    + ',' + r.getValor().setScale(2).toPlainString() + ',' + r.isAprovada() + ','
                    + (r.getMotivo() == null ? "" : text(r.getMotivo())) + ',' + r.getScoreRisco().toPlainString() + ','
                    + r.getScoreValor().toPlainString() + ',' + r.getScoreHorario().toPlainString() + ','
                    + r.getScoreDistancia().toPlainString() + ',' + r.getScoreVelocidade().toPlainString() + ','
                    + Instant.ofEpochMilli(r.getProcessadoEm()) + ',' + text(r.getTopic()) + ',' + r.getPartition() + ','
                    + r.getOffset() + '\n';
        }

        /** A quoted CSV field: never confused with NULL (an unquoted empty field), quotes doubled. */
        private static String text(String value) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
    }
}
