package io.fluxo.pipeline.receivables;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares one receivable's lifecycle document and history keys with its expectation. Pure: the
 * {@link Verifier} fetches, this judges.
 *
 * @param mismatches one "id field: expected x, actual y" per wrong field
 */
record ReceivableCheck(String id, Status status, List<String> mismatches) {
    enum Status { MATCH, DIFFER, MISSING }

    /** The lifecycle document fields the check reads (an OpenSearch source filter). */
    static final List<String> DOCUMENT_FIELDS = List.of("id_recebivel", "valor_original", "quantidade_eventos",
            "quantidade_cancelamentos", "quantidade_negociacoes", "valor_total_cancelado", "valor_total_negociado",
            "valor_disponivel", "situacao", "cancelamentos.id_cancelamento", "negociacoes.id_negociacao");

    private static final int MAX_KEYS_SHOWN = 3;

    ReceivableCheck {
        requireNonNull(id, "id");
        requireNonNull(status, "status");
        mismatches = List.copyOf(mismatches);
    }

    /**
     * @param checkDocument whether the OpenSearch sink is checked; {@code document} null then means absent
     * @param checkHistory whether the DynamoDB sink is checked; {@code history} null or empty means absent
     */
    static ReceivableCheck of(ReceivableExpectation expected, boolean checkDocument, JsonNode document,
            String index, boolean checkHistory, Set<String> history, String table) {
        requireNonNull(expected, "expected");
        String id = expected.idRecebivel();
        List<String> missing = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        if (checkDocument) {
            if (document == null || !document.isObject()) {
                missing.add(id + " document: missing from index " + index);
            } else {
                compareDocument(expected, document, differ);
            }
        }
        if (checkHistory) {
            if (history == null || history.isEmpty()) {
                missing.add(id + " history: no items in table " + table + " (expected " + expected.eventos().size() + ")");
            } else {
                compareHistory(expected, history, differ);
            }
        }
        List<String> all = new ArrayList<>(missing);
        all.addAll(differ);
        Status status = !missing.isEmpty() ? Status.MISSING : !differ.isEmpty() ? Status.DIFFER : Status.MATCH;
        return new ReceivableCheck(id, status, all);
    }

    static void compareDocument(ReceivableExpectation e, JsonNode doc, List<String> out) {
        String id = e.idRecebivel();
        JsonNode docId = doc.get("id_recebivel");
        if (docId == null || !id.equals(docId.asText())) {
            out.add(mismatch(id, "id_recebivel", id, show(docId)));
        }
        compareAmount(id, "valor_original", e.valorOriginal(), doc, out);
        compareCount(id, "quantidade_eventos", e.quantidadeEventos(), doc, out);
        compareCount(id, "quantidade_cancelamentos", e.quantidadeCancelamentos(), doc, out);
        compareCount(id, "quantidade_negociacoes", e.quantidadeNegociacoes(), doc, out);
        compareAmount(id, "valor_total_cancelado", e.valorTotalCancelado(), doc, out);
        compareAmount(id, "valor_total_negociado", e.valorTotalNegociado(), doc, out);
        // Without a scheduling event the design leaves valor_disponivel open; the situacao says enough.
        if (e.valorDisponivel() != null) {
            compareAmount(id, "valor_disponivel", e.valorDisponivel(), doc, out);
        }
        JsonNode situacao = doc.get("situacao");
        if (situacao == null || !situacao.isTextual() || !situacao.asText().equals(e.situacao().name())) {
            out.add(mismatch(id, "situacao", e.situacao().name(), show(situacao)));
        }
        compareIds(id, "cancelamentos", "id_cancelamento", e.idsCancelamento(), doc, out);
        compareIds(id, "negociacoes", "id_negociacao", e.idsNegociacao(), doc, out);
    }

    static void compareHistory(ReceivableExpectation e, Set<String> actual, List<String> out) {
        TreeSet<String> missing = new TreeSet<>(e.eventos());
        missing.removeAll(actual);
        TreeSet<String> unexpected = new TreeSet<>(actual);
        e.eventos().forEach(unexpected::remove);
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            out.add(e.idRecebivel() + " history: expected " + e.eventos().size() + " items, actual " + actual.size()
                    + (missing.isEmpty() ? "" : "; missing " + shown(missing))
                    + (unexpected.isEmpty() ? "" : "; unexpected " + shown(unexpected)));
        }
    }

    private static void compareAmount(String id, String field, BigDecimal expected, JsonNode doc, List<String> out) {
        JsonNode actual = doc.get(field);
        boolean absent = actual == null || actual.isNull();
        boolean equal;
        if (expected == null) {
            equal = absent;
        } else {
            equal = !absent && actual.isNumber() && actual.decimalValue().compareTo(expected) == 0;
        }
        if (!equal) {
            out.add(mismatch(id, field, expected == null ? "null" : expected.toPlainString(), show(actual)));
        }
    }

    private static void compareCount(String id, String field, int expected, JsonNode doc, List<String> out) {
        JsonNode actual = doc.get(field);
        if (actual == null || !actual.isIntegralNumber() || actual.longValue() != expected) {
            out.add(mismatch(id, field, Integer.toString(expected), show(actual)));
        }
    }

    private static void compareIds(String id, String array, String idField, List<String> expected, JsonNode doc,
            List<String> out) {
        JsonNode actual = doc.get(array);
        TreeSet<String> actualIds = new TreeSet<>();
        if (actual != null && actual.isArray()) {
            actual.forEach(item -> actualIds.add(item.path(idField).asText("absent")));
        }
        if (!actualIds.equals(new TreeSet<>(expected)) || (actual != null && actual.size() != expected.size())) {
            out.add(mismatch(id, array + "[]." + idField, shown(new TreeSet<>(expected)), shown(actualIds)));
        }
    }

    private static String mismatch(String id, String field, String expected, String actual) {
        return id + " " + field + ": expected " + expected + ", actual " + actual;
    }

    private static String show(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "absent";
        }
        if (node.isBigDecimal()) {
            return node.decimalValue().toPlainString();
        }
        return node.toString();
    }

    private static String shown(TreeSet<String> keys) {
        if (keys.size() <= MAX_KEYS_SHOWN) {
            return keys.toString();
        }
        List<String> first = new ArrayList<>(keys).subList(0, MAX_KEYS_SHOWN);
        return first.toString().replace("]", ", ... " + (keys.size() - MAX_KEYS_SHOWN) + " more]");
    }
}
