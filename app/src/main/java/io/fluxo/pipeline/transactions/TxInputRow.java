package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Modality;
import io.fluxo.banking.Transaction;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * What the stateful step receives: a transaction (grouped by payer), a ledger credit (grouped by
 * receiver) or a rejected record (group "", passed through to the dead-letter topic).
 */
public class TxInputRow implements Serializable {
    public static final String TRANSACTION = "TRANSACTION";
    public static final String CREDIT = "CREDIT";
    public static final String REJECTED = "REJECTED";
    public static final String REJECTED_GROUP = "";

    private String groupKey;
    private String kind;
    private String idTransacao;
    private String idUsuarioPagador;
    private String idUsuarioRecebedor;
    private String idRegiao;
    private String modalidade;
    private long dataHorario;
    private BigDecimal valor;
    private String valorEnviado;
    private String topic;
    private int partition;
    private long offset;
    private long kafkaTimestamp;
    private String reason;
    private String error;
    private byte[] key;
    private byte[] value;

    /** The raw key and value travel along: a transaction refused later (unknown payer) goes to the DLQ as it came. */
    public static TxInputRow transaction(Transaction t, long kafkaTimestamp, byte[] key, byte[] value) {
        TxInputRow row = new TxInputRow();
        row.groupKey = t.idUsuarioPagador();
        row.kind = TRANSACTION;
        row.idTransacao = t.idTransacao();
        row.idUsuarioPagador = t.idUsuarioPagador();
        row.idUsuarioRecebedor = t.idUsuarioRecebedor();
        row.idRegiao = t.idRegiao();
        row.modalidade = t.modalidadePagamento().name();
        row.dataHorario = t.dataHorario();
        row.valor = t.valorTransacao();
        row.valorEnviado = t.valorEnviado();
        row.topic = t.topic();
        row.partition = t.partition();
        row.offset = t.offset();
        row.kafkaTimestamp = kafkaTimestamp;
        row.key = key;
        row.value = value;
        return row;
    }

    public static TxInputRow credit(LedgerCredit c, String topic, int partition, long offset) {
        TxInputRow row = new TxInputRow();
        row.groupKey = c.idUsuarioRecebedor();
        row.kind = CREDIT;
        row.idTransacao = c.idTransacao();
        row.idUsuarioPagador = c.idUsuarioPagador();
        row.idUsuarioRecebedor = c.idUsuarioRecebedor();
        row.dataHorario = c.dataHorario();
        row.valor = c.valor();
        row.topic = topic;
        row.partition = partition;
        row.offset = offset;
        return row;
    }

    public static TxInputRow rejected(String reason, String error, String topic, int partition, long offset,
            long kafkaTimestamp, byte[] key, byte[] value) {
        TxInputRow row = new TxInputRow();
        row.groupKey = REJECTED_GROUP;
        row.kind = REJECTED;
        row.reason = reason;
        row.error = error;
        row.topic = topic;
        row.partition = partition;
        row.offset = offset;
        row.kafkaTimestamp = kafkaTimestamp;
        row.key = key;
        row.value = value;
        return row;
    }

    public Transaction toTransaction() {
        return new Transaction(idTransacao, idUsuarioPagador, idUsuarioRecebedor, idRegiao, Modality.valueOf(modalidade),
                dataHorario, valor.setScale(2), valorEnviado, topic, partition, offset);
    }

    /** A credit row as the ledger topic holds it, for {@code receiver} (the row's group key); valor at scale 2. */
    public LedgerCredit toCredit(String receiver) {
        return new LedgerCredit(idTransacao, idUsuarioPagador, receiver, valor.setScale(2), dataHorario);
    }

    public String getGroupKey() { return groupKey; }
    public void setGroupKey(String v) { groupKey = v; }
    public String getKind() { return kind; }
    public void setKind(String v) { kind = v; }
    public String getIdTransacao() { return idTransacao; }
    public void setIdTransacao(String v) { idTransacao = v; }
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
    public String getTopic() { return topic; }
    public void setTopic(String v) { topic = v; }
    public int getPartition() { return partition; }
    public void setPartition(int v) { partition = v; }
    public long getOffset() { return offset; }
    public void setOffset(long v) { offset = v; }
    public long getKafkaTimestamp() { return kafkaTimestamp; }
    public void setKafkaTimestamp(long v) { kafkaTimestamp = v; }
    public String getReason() { return reason; }
    public void setReason(String v) { reason = v; }
    public String getError() { return error; }
    public void setError(String v) { error = v; }
    public byte[] getKey() { return key; }
    public void setKey(byte[] v) { key = v; }
    public byte[] getValue() { return value; }
    public void setValue(byte[] v) { value = v; }
}
