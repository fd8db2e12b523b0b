package io.fluxo.sink.opensearch;

import io.fluxo.config.UserException;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/** One OpenSearch client per settings and JVM; works against OpenSearch and Elasticsearch-compatible APIs. */
public final class OpenSearchClients {
    private static final Map<OpenSearchSettings, OpenSearchClient> SHARED = new ConcurrentHashMap<>();

    private OpenSearchClients() {
    }

    public static OpenSearchClient shared(OpenSearchSettings settings) {
        return SHARED.computeIfAbsent(settings, OpenSearchClients::create);
    }

    public static OpenSearchClient create(OpenSearchSettings settings) {
        HttpHost host;
        try {
            host = HttpHost.create(settings.url());
        } catch (URISyntaxException e) {
            throw new UserException("Invalid fluxo.opensearch.url: " + settings.url());
        }
        var transport = ApacheHttpClient5TransportBuilder.builder(host)
                .setMapper(new JacksonJsonpMapper())
                .setHttpClientConfigCallback(http -> {
                    http.setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                            .setMaxConnTotal(32).setMaxConnPerRoute(32).build());
                    if (!settings.username().isEmpty()) {
                        var credentials = new BasicCredentialsProvider();
                        credentials.setCredentials(new AuthScope(host),
                                new UsernamePasswordCredentials(settings.username(), settings.password().toCharArray()));
                        http.setDefaultCredentialsProvider(credentials);
                    }
                    return http;
                })
                .build();
        return new OpenSearchClient(transport);
    }
}
