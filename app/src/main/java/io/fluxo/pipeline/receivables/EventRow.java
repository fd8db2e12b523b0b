package io.fluxo.pipeline.receivables;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One Kafka record after parsing, as Spark carries it into the stateful step: a valid event, or a
 * rejected record (valid = false) with its reason and raw bytes. Rejected records share the group key
 * "" (a valid id_recebivel is never blank), so they pass through the processor to the dead-letter sink.
 */
public class EventRow implements Serializable {
    public static final String REJECTED_GROUP = "";

    private String groupKey;
    private boolean valid;
    private String type;
    private String eventId;
    private BigDecimal amount;
    private String amountSent;
    private String date;
    private String motivo;
    private String idPagamento;
    private Integer codigoProduto;
    private Integer codigoProdutoParceiro;
    private Integer modalidade;
    private String eventTimestamp;
    private String topic;
    private int partition;
    private long offset;
    private long kafkaTimestamp;
    private String reason;
    private String error;
    private byte[] key;
    private byte[] value;

    public static EventRow valid(ReceivableEvent e, long kafkaTimestamp) {
        EventRow row = new EventRow();
        row.groupKey = e.idRecebivel();
        row.valid = true;
        row.type = e.type().name();
        row.eventId = e.eventId();
        row.amount = e.amount();
        row.amountSent = e.amountSent();
        row.date = e.date();
        row.motivo = e.motivo();
        row.idPagamento = e.idPagamento();
        row.codigoProduto = e.codigoProduto();
        row.codigoProdutoParceiro = e.codigoProdutoParceiro();
        row.modalidade = e.modalidade();
        row.eventTimestamp = e.timestamp();
        row.topic = e.topic();
        row.partition = e.partition();
        row.offset = e.offset();
        row.kafkaTimestamp = kafkaTimestamp;
        return row;
    }

    public static EventRow rejected(ParseResult.Rejected r, String topic, int partition, long offset,
            long kafkaTimestamp, byte[] key, byte[] value) {
        EventRow row = new EventRow();
        row.groupKey = REJECTED_GROUP;
        row.valid = false;
        row.topic = topic;
        row.partition = partition;
        row.offset = offset;
        row.kafkaTimestamp = kafkaTimestamp;
        row.reason = r.reason().name();
        row.error = r.error();
        row.key = key;
        row.value = value;
        return row;
    }

    public ReceivableEvent toEvent() {
        return new ReceivableEvent(EventType.valueOf(type), groupKey, eventId, amount.setScale(2), amountSent, date, motivo,
                idPagamento, codigoProduto, codigoProdutoParceiro, modalidade, eventTimestamp, topic, partition, offset);
    }

    public String getGroupKey() { return groupKey; }
    public void setGroupKey(String groupKey) { this.groupKey = groupKey; }
    public boolean isValid() { return valid; }
    public void setValid(boolean valid) { this.valid = valid; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getEventId() { return eventId; }
    public void setEventId(String eventId) { this.eventId = eventId; }
    public BigDecimal getAmount() { return amount; }
    public void setAmount(BigDecimal amount) { this.amount = amount; }
    public String getAmountSent() { return amountSent; }
    public void setAmountSent(String amountSent) { this.amountSent = amountSent; }
    public String getDate() { return date; }
    public void setDate(String date) { this.date = date; }
    public String getMotivo() { return motivo; }
    public void setMotivo(String motivo) { this.motivo = motivo; }
    public String getIdPagamento() { return idPagamento; }
    public void setIdPagamento(String idPagamento) { this.idPagamento = idPagamento; }
    public Integer getCodigoProduto() { return codigoProduto; }
    public void setCodigoProduto(Integer codigoProduto) { this.codigoProduto = codigoProduto; }
    public Integer getCodigoProdutoParceiro() { return codigoProdutoParceiro; }
    public void setCodigoProdutoParceiro(Integer v) { this.codigoProdutoParceiro = v; }
    public Integer getModalidade() { return modalidade; }
    public void setModalidade(Integer modalidade) { this.modalidade = modalidade; }
    public String getEventTimestamp() { return eventTimestamp; }
    public void setEventTimestamp(String eventTimestamp) { this.eventTimestamp = eventTimestamp; }
    public String getTopic() { return topic; }
    public void setTopic(String topic) { this.topic = topic; }
    public int getPartition() { return partition; }
    public void setPartition(int partition) { this.partition = partition; }
    public long getOffset() { return offset; }
    public void setOffset(long offset) { this.offset = offset; }
    public long getKafkaTimestamp() { return kafkaTimestamp; }
    public void setKafkaTimestamp(long kafkaTimestamp) { this.kafkaTimestamp = kafkaTimestamp; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getError() { return error; }
    public void setError(String error) { this.error = error; }
    public byte[] getKey() { return key; }
    public void setKey(byte[] key) { this.key = key; }
    public byte[] getValue() { return value; }
    public void setValue(byte[] value) { this.value = value; }
}
