package io.fluxo.sink.dynamodb;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD));
        if (!settings.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        if (settings.accessKeyId().isEmpty()) {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        } else {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())));
        }
        return builder.build();
    }
}
