package io.fluxo.sink.opensearch;

import io.fluxo.sink.SinkException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/** Creates an index with an explicit mapping (a classpath JSON resource) when it is missing. */
public final class OpenSearchIndices {
    private OpenSearchIndices() {
    }

    public static void ensure(OpenSearchClient client, String index, String mappingResource, String url) {
        String body;
        try (InputStream in = OpenSearchIndices.class.getClassLoader().getResourceAsStream(mappingResource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + mappingResource);
            }
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + mappingResource, e);
        }
        try {
            if (client.indices().exists(e -> e.index(index)).value()) {
                return;
            }
            try (Response response = client.generic().execute(
                    Requests.builder().method("PUT").endpoint("/" + index).json(body).build())) {
                String answer = response.getBody().map(Body::bodyAsString).orElse("");
                // 400 resource_already_exists_exception: another process created it first.
                if (response.getStatus() >= 300 && !answer.contains("resource_already_exists_exception")) {
                    throw new SinkException("Cannot create index " + index + " at " + url + ": " + response.getStatus()
                            + " " + answer);
                }
            }
        } catch (SinkException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SinkException("Cannot reach OpenSearch at " + url + ": " + e.getMessage()
                    + " (is the stack up? ./fluxo stack up, or set fluxo.opensearch.url)", e);
        }
    }
}
