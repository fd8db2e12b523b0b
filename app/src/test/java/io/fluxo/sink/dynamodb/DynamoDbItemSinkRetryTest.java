package io.fluxo.sink.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class DynamoDbItemSinkRetryTest {

    @Test
    void throttlingServerErrorsAndLostConnectionsAreRetried() {
        assertThat(DynamoDbItemSink.isTransient(DynamoDbException.builder().statusCode(500).message("InternalServerError").build())).isTrue();
        assertThat(DynamoDbItemSink.isTransient(DynamoDbException.builder().statusCode(503).message("ServiceUnavailable").build())).isTrue();
        assertThat(DynamoDbItemSink.isTransient(ProvisionedThroughputExceededException.builder().statusCode(400)
                .message("throughput exceeded").build())).isTrue();
        assertThat(DynamoDbItemSink.isTransient(SdkClientException.create("Unable to execute HTTP request",
                new java.net.ConnectException("Connection refused")))).isTrue();
    }

    @Test
    void aValidationErrorIsRefusedDataAndNotRetried() {
        assertThat(DynamoDbItemSink.isTransient(DynamoDbException.builder().statusCode(400)
                .message("One or more parameter values were invalid: An AttributeValue may not contain an empty string")
                .build())).isFalse();
        assertThat(DynamoDbItemSink.isTransient(new IllegalArgumentException("a bug"))).isFalse();
    }
}
