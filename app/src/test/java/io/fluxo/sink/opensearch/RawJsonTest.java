package io.fluxo.sink.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;

class RawJsonTest {
    private static final String DOCUMENT = "{\"id_recebivel\":\"r1\",\"valor_original\":1571.820,\"motivo\":\"não\"}";

    @Test
    void aDocumentGoesIntoTheBodyAsTheCallerWroteItDigitsAndAll() {
        JacksonJsonpMapper mapper = new JacksonJsonpMapper();
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            mapper.serialize(new OpenSearchDocumentSink.RawJson(DOCUMENT), generator);
        }

        assertThat(out).hasToString(DOCUMENT);
    }

    @Test
    void inABulkIndexOperationTheSourceLineIsTheDocument() {
        JacksonJsonpMapper mapper = new JacksonJsonpMapper();
        BulkOperation op = BulkOperation.of(b -> b.index(i -> i.index("ix").id("r1")
                .document(new OpenSearchDocumentSink.RawJson(DOCUMENT))));
        StringWriter out = new StringWriter();
        // The bulk body is one JSON value per line: the action, then the source.
        for (var lines = op._serializables(); lines.hasNext(); ) {
            Object line = lines.next();
            try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
                mapper.serialize(line, generator);
            }
            out.append('\n');
        }

        assertThat(out.toString()).isEqualTo("{\"index\":{\"_id\":\"r1\",\"_index\":\"ix\"}}\n" + DOCUMENT + "\n");
    }
}
