package io.fluxo.sink;

import io.fluxo.config.ConfigSection;
import io.fluxo.sink.delta.S3Settings;
import io.fluxo.sink.dynamodb.DynamoDbSettings;
import io.fluxo.sink.kafka.KafkaSinkSettings;
import io.fluxo.sink.opensearch.OpenSearchSettings;
import io.fluxo.sink.postgres.PostgresSettings;
import java.util.List;

/** The settings sections of the sinks Fluxo ships, read at start whichever pipelines run. */
public final class SinkSettings {
    public static final List<ConfigSection<?>> SECTIONS = List.of(DynamoDbSettings.SECTION, OpenSearchSettings.SECTION,
            PostgresSettings.SECTION, KafkaSinkSettings.SECTION, S3Settings.SECTION);

    private SinkSettings() {
    }
}
