package io.fluxo.pipeline.transactions;

import io.fluxo.banking.SentRecords;
import io.fluxo.banking.PayloadFormat;
import io.fluxo.banking.RejectReason;
import io.fluxo.banking.Transaction;
import io.fluxo.banking.TransactionParser;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * The records {@code fluxo produce transactions} sends: the generator's transactions, and in between, at the
 * options' rates, exact redeliveries and invalid records, so that a run tests deduplication and the dead-letter
 * (or quarantine) path next to the rules. Deterministic for the options' seed.
 *
 * <p>Each record is drawn in turn: with probability {@code duplicateRate} it is a redelivery of one of the last
 * {@value #RECENT} transactions sent, the same key and the very same bytes (a producer retry, a replayed
 * partition); its event time is that of the original, a few seconds of traffic back, so it is well inside any
 * deduplication window of minutes. With probability {@code invalidRate} it is an invalid record derived from the
 * last transaction sent, with a fresh id, of a kind drawn uniformly from {@link #kinds(PayloadFormat)}: each is
 * refused by {@link TransactionParser} with the reason it names. Otherwise it is the generator's next transaction.
 * The first record is always a transaction, and the generator, bounded by {@code count}, never runs out before
 * {@code count} records are handed out. Neither kind reaches the verdicts: the generator's expectation covers
 * the transactions only, and {@link #summary()} counts the rest ({@link SentRecords}).
 */
final class TransactionNoise implements Iterator<TransactionNoise.Record> {
    /** How far back a redelivery reaches, in transactions sent. */
    static final int RECENT = 16;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    enum Kind {
        TRANSACTION, DUPLICATE, INVALID
    }

    /**
     * One record to send.
     *
     * @param reason the reason the pipeline must refuse it with: null unless INVALID
     */
    record Record(Kind kind, String key, byte[] value, RejectReason reason) {
    }

    private final Iterator<Transaction> transactions;
    private final TransactionPayloads payloads;
    private final PayloadFormat format;
    private final long total;
    private final boolean noisy;
    private final double duplicateRate;
    private final double invalidRate;
    private final Random random;
    private final List<RejectReason> kinds;
    private final Deque<Record> recent = new ArrayDeque<>(RECENT);
    private final Map<RejectReason, Long> invalid = new EnumMap<>(RejectReason.class);
    private Transaction last;
    private Record lastRecord;
    private long records;
    private long sentTransactions;
    private long duplicates;

    /**
     * @param transactions the generator, bounded by at least {@code total} transactions
     * @param total records to hand out; 0 for as long as {@code transactions} has any
     */
    TransactionNoise(Iterator<Transaction> transactions, TransactionPayloads payloads, TransactionsOptions options,
            long total) {
        this.transactions = requireNonNull(transactions, "transactions");
        this.payloads = requireNonNull(payloads, "payloads");
        this.format = options.format();
        this.total = total;
        this.noisy = options.noisy();
        this.duplicateRate = options.duplicateRate();
        this.invalidRate = options.invalidRate();
        // Its own stream: the transactions are the same with and without noise for a seed.
        this.random = new Random(options.seed() ^ 0x6E6F697365L);
        this.kinds = kinds(format);
    }

    /** The kinds of invalid record sent for a format, each named by the reason the parser gives it. */
    static List<RejectReason> kinds(PayloadFormat format) {
        return format == PayloadFormat.JSON
                ? List.of(RejectReason.EMPTY_PAYLOAD, RejectReason.NOT_JSON, RejectReason.NOT_AN_OBJECT,
                        RejectReason.MISSING_FIELD, RejectReason.WRONG_TYPE, RejectReason.UNKNOWN_MODALITY,
                        RejectReason.INVALID_AMOUNT, RejectReason.UNKNOWN_REGION, RejectReason.SAME_PAYER_AND_RECEIVER)
                : List.of(RejectReason.EMPTY_PAYLOAD, RejectReason.BAD_AVRO, RejectReason.UNKNOWN_REGION,
                        RejectReason.SAME_PAYER_AND_RECEIVER);
    }

    @Override
    public boolean hasNext() {
        return (total == 0 || records < total) && transactions.hasNext();
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException("All " + records + " records were handed out");
        }
        Record r = draw();
        lastRecord = r;
        records++;
        return r;
    }

    private Record draw() {
        double u = noisy ? random.nextDouble() : 1;
        if (last != null && u < duplicateRate) {
            duplicates++;
            Record original = recent.stream().skip(random.nextInt(recent.size())).findFirst().orElseThrow();
            return new Record(Kind.DUPLICATE, original.key(), original.value(), null);
        }
        if (last != null && u < duplicateRate + invalidRate) {
            RejectReason reason = kinds.get(random.nextInt(kinds.size()));
            invalid.merge(reason, 1L, Long::sum);
            return new Record(Kind.INVALID, last.idUsuarioPagador(), invalidValue(reason, last), reason);
        }
        Transaction tx = transactions.next();
        last = tx;
        sentTransactions++;
        Record r = new Record(Kind.TRANSACTION, tx.idUsuarioPagador(), payloads.encode(tx), null);
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        recent.addLast(r);
        return r;
    }

    /** A record the parser refuses with {@code reason}, from {@code tx} with a fresh id. */
    private byte[] invalidValue(RejectReason reason, Transaction tx) {
        String id = TransactionsGenerator.uuid(random);
        Transaction fresh = Transaction.of(id, tx.idUsuarioPagador(), tx.idUsuarioRecebedor(), tx.idRegiao(),
                tx.modalidadePagamento(), tx.dataHorario(), tx.valorTransacao());
        if (reason == RejectReason.EMPTY_PAYLOAD) {
            return new byte[0];
        }
        if (format == PayloadFormat.AVRO) {
            return switch (reason) {
                case BAD_AVRO -> {
                    byte[] body = payloads.encode(fresh);
                    body[0] = 1; // not the Confluent magic byte 0
                    yield body;
                }
                case UNKNOWN_REGION -> payloads.encode(Transaction.of(id, tx.idUsuarioPagador(), tx.idUsuarioRecebedor(),
                        "XX", tx.modalidadePagamento(), tx.dataHorario(), tx.valorTransacao()));
                case SAME_PAYER_AND_RECEIVER -> payloads.encode(Transaction.of(id, tx.idUsuarioPagador(),
                        tx.idUsuarioPagador(), tx.idRegiao(), tx.modalidadePagamento(), tx.dataHorario(),
                        tx.valorTransacao()));
                default -> throw new IllegalArgumentException("No Avro record of kind " + reason);
            };
        }
        byte[] json = TransactionPayloads.json(fresh);
        ObjectNode node;
        try {
            node = (ObjectNode) JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("The generator's own JSON does not parse", e);
        }
        switch (reason) {
            case NOT_JSON -> {
                return Arrays.copyOf(json, json.length / 2);
            }
            case NOT_AN_OBJECT -> {
                return ("[" + new String(json, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8);
            }
            case MISSING_FIELD -> node.remove("valor_transacao");
            case WRONG_TYPE -> node.put("data_horario", java.time.Instant.ofEpochMilli(tx.dataHorario()).toString());
            case UNKNOWN_MODALITY -> node.put("modalidade_pagamento", "CHEQUE");
            case INVALID_AMOUNT -> node.put("valor_transacao", tx.valorTransacao().negate());
            case UNKNOWN_REGION -> node.put("id_regiao", "XX");
            case SAME_PAYER_AND_RECEIVER -> node.put("id_usuario_recebedor", tx.idUsuarioPagador());
            default -> throw new IllegalArgumentException("No JSON record of kind " + reason);
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an invalid record", e);
        }
    }

    /** What was handed out so far. */
    SentRecords summary() {
        return new SentRecords(records, sentTransactions, duplicates, invalid);
    }

    /**
     * What the first {@code sent} records held: all of them, or all but the last one handed out, which a run
     * interrupted while the producer's buffer was full does not send.
     */
    SentRecords summary(long sent) {
        if (sent == records) {
            return summary();
        }
        if (sent != records - 1) {
            throw new IllegalArgumentException("Cannot summarise " + sent + " of " + records
                    + " records: only the last one handed out can be left unsent");
        }
        Map<RejectReason, Long> sentInvalid = new EnumMap<>(invalid);
        if (lastRecord.kind() == Kind.INVALID) {
            sentInvalid.merge(lastRecord.reason(), -1L, Long::sum);
            sentInvalid.values().removeIf(n -> n == 0);
        }
        return new SentRecords(sent, sentTransactions - (lastRecord.kind() == Kind.TRANSACTION ? 1 : 0),
                duplicates - (lastRecord.kind() == Kind.DUPLICATE ? 1 : 0), sentInvalid);
    }
}
