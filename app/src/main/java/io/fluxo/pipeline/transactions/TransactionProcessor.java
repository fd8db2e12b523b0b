package io.fluxo.pipeline.transactions;

import io.fluxo.banking.RejectReason;
import io.fluxo.banking.Transaction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxo.dlq.DeadLetter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.MapState;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Per user (RocksDB state): the balance and spending profile, initialised from {@code usuarios} on
 * first sight. A payer's transactions get their verdict in event-time order; an approved payment debits
 * the payer here and credits the receiver through the ledger topic, applied when it comes back under the
 * receiver's key. Transaction and credit ids are remembered for a while, so a redelivered transaction
 * is neither debited nor credited twice.
 */
public final class TransactionProcessor extends StatefulProcessor<String, TxInputRow, TxOutputRow> {
    public static final String PIPELINE = "transactions";
    private static final ObjectMapper STATE = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Comparator<TxInputRow> ORDER = Comparator
            .comparing((TxInputRow r) -> TxInputRow.CREDIT.equals(r.getKind()) ? 0 : 1)
            .thenComparingLong(TxInputRow::getDataHorario)
            .thenComparing(TxInputRow::getTopic).thenComparingInt(TxInputRow::getPartition)
            .thenComparingLong(TxInputRow::getOffset);

    private final RiskWeights weights;
    private final Duration rememberIds;
    private final UserLookup users;
    private final int maxRawBytes;
    private transient ValueState<String> profileState;
    private transient MapState<String, Boolean> seenTransactions;
    private transient MapState<String, Boolean> appliedCredits;

    /** Finds a user's reference data; serializable so that it can travel to the executors. */
    public interface UserLookup extends Function<String, Optional<UserSeed.User>>, java.io.Serializable {
    }

    public TransactionProcessor(RiskWeights weights, Duration rememberIds, UserLookup users, int maxRawBytes) {
        this.weights = weights;
        this.rememberIds = rememberIds;
        this.users = users;
        this.maxRawBytes = maxRawBytes;
    }

    @Override
    public void init(OutputMode outputMode, TimeMode timeMode) {
        TTLConfig ttl = new TTLConfig(rememberIds);
        profileState = getHandle().getValueState("profile", Encoders.STRING(), TTLConfig.NONE());
        seenTransactions = getHandle().getMapState("seen", Encoders.STRING(), Encoders.BOOLEAN(), ttl);
        appliedCredits = getHandle().getMapState("credited", Encoders.STRING(), Encoders.BOOLEAN(), ttl);
    }

    @Override
    public Iterator<TxOutputRow> handleInputRows(String key, Iterator<TxInputRow> rows, TimerValues timerValues) {
        long batchTime = timerValues.getCurrentProcessingTimeInMs();
        List<TxInputRow> input = new ArrayList<>();
        rows.foreach(input::add);
        input.sort(ORDER);
        List<TxOutputRow> out = new ArrayList<>(input.size() * 2);
        if (TxInputRow.REJECTED_GROUP.equals(key)) {
            for (TxInputRow row : input) {
                out.add(deadLetter(row, row.getReason(), row.getError(), batchTime));
            }
            return CollectionConverters.asScala(out.iterator());
        }
        // get() is null when there is no state: one RocksDB read, where exists() and get() made two.
        String state = profileState.get();
        PayerProfile profile = state != null ? read(state) : null;
        if (profile == null) {
            Optional<UserSeed.User> user = users.apply(key);
            if (user.isEmpty()) {
                for (TxInputRow row : input) {
                    if (TxInputRow.TRANSACTION.equals(row.getKind())) {
                        out.add(deadLetter(row, RejectReason.UNKNOWN_PAYER.name(),
                                "Unknown payer " + key + " (not in usuarios; run fluxo seed users or add the user)", batchTime));
                    } else {
                        // The credit as it was in the ledger topic, so that it can be sent there again.
                        row.setKey(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        row.setValue(row.toCredit(key).toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        out.add(deadLetter(row, RejectReason.UNKNOWN_RECEIVER.name(), "Credit of " + row.getIdTransacao()
                                + " for unknown receiver " + key + " (not in usuarios; add the user, then send the"
                                + " credit again from the DLQ's raw value)", batchTime));
                    }
                }
                return CollectionConverters.asScala(out.iterator());
            }
            profile = PayerProfile.of(user.get());
        }
        boolean changed = false;
        for (TxInputRow row : input) {
            if (TxInputRow.CREDIT.equals(row.getKind())) {
                if (!appliedCredits.containsKey(row.getIdTransacao())) {
                    profile = profile.credit(row.toCredit(key).valor());
                    appliedCredits.updateValue(row.getIdTransacao(), Boolean.TRUE);
                    changed = true;
                }
                continue;
            }
            if (seenTransactions.containsKey(row.getIdTransacao())) {
                continue; // redelivered: its verdict is already written, its debit already made
            }
            Transaction tx = row.toTransaction();
            Verdicts.Decision decision = Verdicts.process(profile, tx, weights);
            profile = decision.payerAfter();
            seenTransactions.updateValue(tx.idTransacao(), Boolean.TRUE);
            changed = true;
            Verdict verdict = decision.verdict();
            out.add(transactionRow(tx, verdict, batchTime));
            if (verdict.motivo() == Motivo.SUSPEITA_FRAUDE) {
                out.add(sourced(TxOutputRow.kafka(TxOutputRow.ALERT, tx.idTransacao(), tx.idUsuarioPagador(),
                        alertJson(tx, verdict, batchTime)), tx, verdict, batchTime));
            }
            if (verdict.aprovada()) {
                LedgerCredit credit = new LedgerCredit(tx.idTransacao(), tx.idUsuarioPagador(), tx.idUsuarioRecebedor(),
                        tx.valorTransacao(), tx.dataHorario());
                out.add(sourced(TxOutputRow.kafka(TxOutputRow.CREDIT, tx.idTransacao(), tx.idUsuarioRecebedor(),
                        credit.toJson()), tx, verdict, batchTime));
            }
        }
        if (changed) {
            profileState.update(write(profile));
        }
        return CollectionConverters.asScala(out.iterator());
    }

    /** The transacoes row of a transaction and its verdict, processed at batchTime. */
    public static TxOutputRow transactionRow(Transaction tx, Verdict verdict, long batchTime) {
        TxOutputRow row = new TxOutputRow();
        row.setKind(TxOutputRow.TRANSACTION);
        row.setId(tx.idTransacao());
        row.setIdUsuarioPagador(tx.idUsuarioPagador());
        row.setIdUsuarioRecebedor(tx.idUsuarioRecebedor());
        row.setIdRegiao(tx.idRegiao());
        row.setModalidade(tx.modalidadePagamento().label());
        row.setDataHorario(tx.dataHorario());
        row.setValor(tx.valorTransacao());
        row.setValorEnviado(tx.valorEnviado());
        row.setAprovada(verdict.aprovada());
        row.setMotivo(verdict.motivo() == null ? null : verdict.motivo().name());
        row.setScoreRisco(verdict.score().score());
        row.setScoreValor(verdict.score().amount());
        row.setScoreHorario(verdict.score().hour());
        row.setScoreDistancia(verdict.score().distance());
        row.setScoreVelocidade(verdict.score().velocity());
        row.setProcessadoEm(batchTime);
        row.setTopic(tx.topic());
        row.setPartition(tx.partition());
        row.setOffset(tx.offset());
        return row;
    }

    /**
     * An alert or a credit with its transaction's Kafka place and verdict, so that a dead letter made of it (Kafka
     * refusing it for its size) points at the transaction.
     */
    static TxOutputRow sourced(TxOutputRow row, Transaction tx, Verdict verdict, long batchTime) {
        row.setAprovada(verdict.aprovada());
        row.setMotivo(verdict.motivo() == null ? null : verdict.motivo().name());
        row.setProcessadoEm(batchTime);
        row.setTopic(tx.topic());
        row.setPartition(tx.partition());
        row.setOffset(tx.offset());
        return row;
    }

    static String alertJson(Transaction tx, Verdict verdict, long batchTime) {
        ObjectNode json = STATE.createObjectNode();
        json.put("id_transacao", tx.idTransacao());
        json.put("id_usuario_pagador", tx.idUsuarioPagador());
        json.put("id_usuario_recebedor", tx.idUsuarioRecebedor());
        json.put("id_regiao", tx.idRegiao());
        json.put("modalidade_pagamento", tx.modalidadePagamento().label());
        json.put("data_horario", tx.dataHorario());
        json.put("valor_transacao", tx.valorTransacao());
        json.put("score_risco", verdict.score().score());
        json.put("score_valor", verdict.score().amount());
        json.put("score_horario", verdict.score().hour());
        json.put("score_distancia", verdict.score().distance());
        json.put("score_velocidade", verdict.score().velocity());
        json.put("motivo", Motivo.SUSPEITA_FRAUDE.name());
        json.put("criado_em", Instant.ofEpochMilli(batchTime).toString());
        return json.toString();
    }

    private TxOutputRow deadLetter(TxInputRow row, String reason, String error, long batchTime) {
        DeadLetter letter = new DeadLetter(PIPELINE, reason, error, row.getTopic(), row.getPartition(), row.getOffset(),
                row.getKey(), row.getValue(), row.getKafkaTimestamp(), batchTime);
        return TxOutputRow.kafka(TxOutputRow.DEAD_LETTER, letter.sourceId(), letter.sourceId(), letter.toJson(maxRawBytes));
    }

    static PayerProfile read(String json) {
        try {
            return STATE.readValue(json, PayerProfile.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot read payer state: " + e.getOriginalMessage(), e);
        }
    }

    static String write(PayerProfile profile) {
        try {
            return STATE.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
