package io.fluxo.sink.dynamodb;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import io.fluxo.config.FluxoConfig;
import io.fluxo.sink.RetryBudget;
import java.io.Serializable;

/**
 * How Fluxo reaches DynamoDB ({@code fluxo.dynamodb.*}).
 *
 * @param endpoint empty for the AWS endpoint of the region
 * @param accessKeyId empty (with an empty secret) for the AWS default credentials chain
 * @param writers concurrent BatchWriteItem calls per Spark task
 */
public record DynamoDbSettings(String endpoint, String region, String accessKeyId, String secretAccessKey,
        RetryBudget retry, int writers) implements Serializable {

    public static final ConfigSection<DynamoDbSettings> SECTION = new ConfigSection<>() {
        @Override
        public String path() {
            return "fluxo.dynamodb";
        }

        @Override
        public DynamoDbSettings read(ConfigReader r) {
            DynamoDbSettings s = new DynamoDbSettings(r.string("fluxo.dynamodb.endpoint"), r.string("fluxo.dynamodb.region"),
                    r.string("fluxo.dynamodb.access-key-id"), r.string("fluxo.dynamodb.secret-access-key"),
                    RetryBudget.read(r, "fluxo.dynamodb"), r.intAtLeast("fluxo.dynamodb.writers", 1));
            r.check(s.accessKeyId().isEmpty() == s.secretAccessKey().isEmpty(),
                    "Invalid fluxo.dynamodb.access-key-id / fluxo.dynamodb.secret-access-key: set both or neither");
            return s;
        }
    };

    public static DynamoDbSettings of(FluxoConfig config) {
        return config.section(SECTION);
    }

    @Override
    public String toString() {
        return "DynamoDbSettings[endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId
                + ", secretAccessKey=" + (secretAccessKey.isEmpty() ? "" : "****") + ", retry=" + retry
                + ", writers=" + writers + "]";
    }
}
