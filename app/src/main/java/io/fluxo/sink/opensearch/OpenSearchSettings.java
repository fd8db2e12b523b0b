package io.fluxo.sink.opensearch;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import io.fluxo.sink.RetryBudget;
import java.io.Serializable;

/** How Fluxo reaches OpenSearch or Elasticsearch ({@code fluxo.opensearch.*}); the password is never printed. */
public record OpenSearchSettings(String url, String username, String password, int bulkSize, RetryBudget retry)
        implements Serializable {

    public static final ConfigSection<OpenSearchSettings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return "fluxo.opensearch";
        }

        @Override
        public OpenSearchSettings read(ConfigReader r) {
            String password = r.secret("fluxo.opensearch.password", "fluxo.opensearch.password-file");
            OpenSearchSettings s = new OpenSearchSettings(r.string("fluxo.opensearch.url"),
                    r.string("fluxo.opensearch.username"), password, r.intAtLeast("fluxo.opensearch.bulk-size", 1),
                    RetryBudget.read(r, "fluxo.opensearch"));
            r.check(s.url().startsWith("http://") || s.url().startsWith("https://"),
                    "Invalid fluxo.opensearch.url: " + s.url() + " (must start with http:// or https://)");
            return s;
        }
    };

    public static OpenSearchSettings of(FluxoConfig config) {
        return config.section(SECTION);
    }

    @Override
    public String toString() {
        return "OpenSearchSettings[url=" + url + ", username=" + username + ", password="
                + (password.isEmpty() ? "" : "****") + ", bulkSize=" + bulkSize + ", retry=" + retry + "]";
    }
}
