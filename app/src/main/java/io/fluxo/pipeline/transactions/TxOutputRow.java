package io.fluxo.pipeline.transactions;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * What the stateful step emits: a transaction with its verdict (PostgreSQL transacoes), a fraud alert
 * (alertas_fraude and the fraud-alerts topic), a ledger credit (ledger topic) or a dead letter.
 * Kafka-bound rows carry their key and JSON value; database rows their typed columns.
 */
public class TxOutputRow implements Serializable {
    public static final String TRANSACTION = "TRANSACTION";
    public static final String ALERT = "ALERT";
    public static final String CREDIT = "CREDIT";
    public static final String DEAD_LETTER = "DEAD_LETTER";

    private String kind;
    private String id;
    private String kafkaKey;
    private String json;
    private String idUsuarioPagador;
    private String idUsuarioRecebedor;
    private String idRegiao;
    private String modalidade;
    private long dataHorario;
    private BigDecimal valor;
    private String valorEnviado;
    private boolean aprovada;
    private String motivo;
    private BigDecimal scoreRisco;
    private BigDecimal scoreValor;
    private BigDecimal scoreHorario;
    private BigDecimal scoreDistancia;
    private BigDecimal scoreVelocidade;
    private long processadoEm;
    private String topic;
    private int partition;
    private long offset;

    public static TxOutputRow kafka(String kind, String id, String key, String json) {
        TxOutputRow row = new TxOutputRow();
        row.kind = kind;
        row.id = id;
        row.kafkaKey = key;
        row.json = json;
        return row;
    }

    public String getKind() { return kind; }
    public void setKind(String v) { kind = v; }
    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getKafkaKey() { return kafkaKey; }
    public void setKafkaKey(String v) { kafkaKey = v; }
    public String getJson() { return json; }
    public void setJson(String v) { json = v; }
    public String getIdUsuarioPagador() { return idUsuarioPagador; }
    public void setIdUsuarioPagador(String v) { idUsuarioPagador = v; }
    public String getIdUsuarioRecebedor() { return idUsuarioRecebedor; }
    public void setIdUsuarioRecebedor(String v) { idUsuarioRecebedor = v; }
    public String getIdRegiao() { return idRegiao; }
    public void setIdRegiao(String v) { idRegiao = v; }
    public String getModalidade() { return modalidade; }
    public void setModalidade(String v) { modalidade = v; }
    public long getDataHorario() { return dataHorario; }
    public void setDataHorario(long v) { dataHorario = v; }
    public BigDecimal getValor() { return valor; }
    public void setValor(BigDecimal v) { valor = v; }
    public String getValorEnviado() { return valorEnviado; }
    public void setValorEnviado(String v) { valorEnviado = v; }
    public boolean isAprovada() { return aprovada; }
    public void setAprovada(boolean v) { aprovada = v; }
    public String getMotivo() { return motivo; }
    public void setMotivo(String v) { motivo = v; }
    public BigDecimal getScoreRisco() { return scoreRisco; }
    public void setScoreRisco(BigDecimal v) { scoreRisco = v; }
    public BigDecimal getScoreValor() { return scoreValor; }
    public void setScoreValor(BigDecimal v) { scoreValor = v; }
    public BigDecimal getScoreHorario() { return scoreHorario; }
    public void setScoreHorario(BigDecimal v) { scoreHorario = v; }
    public BigDecimal getScoreDistancia() { return scoreDistancia; }
    public void setScoreDistancia(BigDecimal v) { scoreDistancia = v; }
    public BigDecimal getScoreVelocidade() { return scoreVelocidade; }
    public void setScoreVelocidade(BigDecimal v) { scoreVelocidade = v; }
    public long getProcessadoEm() { return processadoEm; }
    public void setProcessadoEm(long v) { processadoEm = v; }
    public String getTopic() { return topic; }
    public void setTopic(String v) { topic = v; }
    public int getPartition() { return partition; }
    public void setPartition(int v) { partition = v; }
    public long getOffset() { return offset; }
    public void setOffset(long v) { offset = v; }
}
