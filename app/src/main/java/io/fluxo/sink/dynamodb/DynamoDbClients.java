package io.fluxo.sink.dynamodb;

import io.fluxo.sink.AwsCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One DynamoDB client per settings and JVM: Spark tasks on the same executor share it. */
public final class DynamoDbClients {
    private static final Map<DynamoDbSettings, DynamoDbClient> SHARED = new ConcurrentHashMap<>();

    private DynamoDbClients() {
    }

    public static DynamoDbClient shared(DynamoDbSettings settings) {
        return SHARED.computeIfAbsent(settings, DynamoDbClients::create);
    }

    public static DynamoDbClient create(DynamoDbSettings settings) {
        var builder = DynamoDbClient.builder()
                .region(Region.of(settings.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                // Fluxo retries unprocessed items itself; the SDK retries throttling and 5xx of a call.
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .credentialsProvider(AwsCredentials.provider(settings.accessKeyId(), settings.secretAccessKey()));
        if (!settings.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return builder.build();
    }
}
