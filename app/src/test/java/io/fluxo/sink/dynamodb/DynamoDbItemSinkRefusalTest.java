package io.fluxo.sink.dynamodb;

import io.fluxo.sink.RetryBudget;
import java.time.Duration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.sink.SinkException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** BatchWriteItem refuses a whole call for one bad item; the sink finds the item and writes the others. */
class DynamoDbItemSinkRefusalTest {
    private static final DynamoDbSettings SETTINGS = new DynamoDbSettings("http://fake:8000", "us-east-1", "", "",
            new RetryBudget(3, Duration.ofSeconds(30)), 1);

    @Test
    void anItemTheTableRefusesIsReturnedAndTheOthersOfItsCallAreWritten() {
        FakeTable fake = new FakeTable("bad");
        DynamoDbItemSink sink = new DynamoDbItemSink(SETTINGS, "T", fake);

        DynamoDbItemSink.Result result = sink.writeAll(7, items("a", "bad", "c").iterator());

        assertThat(fake.stored).containsExactlyInAnyOrder("a", "c");
        assertThat(result.written()).isEqualTo(2);
        assertThat(result.refused()).hasSize(1);
        DynamoDbItemSink.Refusal r = result.refused().get(0);
        assertThat(r.position()).isEqualTo(1);
        assertThat(r.item().get("id").s()).isEqualTo("bad");
        assertThat(r.message()).isEqualTo("ValidationException: Item size has exceeded the maximum allowed size");
    }

    @Test
    void onlyTheCallWithTheBadItemIsPutOneByOne() {
        FakeTable fake = new FakeTable("i30");
        DynamoDbItemSink sink = new DynamoDbItemSink(SETTINGS, "T", fake);
        String[] ids = IntStream.range(0, 60).mapToObj(i -> "i" + i).toArray(String[]::new);

        DynamoDbItemSink.Result result = sink.writeAll(7, items(ids).iterator());

        assertThat(fake.stored).hasSize(59).doesNotContain("i30");
        assertThat(result.written()).isEqualTo(59);
        assertThat(result.refused()).extracting(DynamoDbItemSink.Refusal::position).containsExactly(30);
        // 3 batch calls (25, 25, 10 items), the second refused; then its 25 items one by one.
        assertThat(fake.batchCalls).isEqualTo(3);
        assertThat(fake.putCalls).isEqualTo(25);
    }

    @Test
    void writeStillFailsOnARefusal() {
        DynamoDbItemSink sink = new DynamoDbItemSink(SETTINGS, "T", new FakeTable("bad"));

        assertThatThrownBy(() -> sink.write(7, items("a", "bad").iterator()))
                .isInstanceOf(SinkException.class)
                .hasMessage("Cannot write to DynamoDB table T at http://fake:8000: ValidationException: Item size has"
                        + " exceeded the maximum allowed size (refused, not retried)");
    }

    @Test
    void aMissingTableIsNoRefusedItemAndFailsTheBatch() {
        FakeTable fake = new FakeTable("none") {
            @Override
            public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
                throw ResourceNotFoundException.builder().statusCode(400).message("Cannot do operations on a non-existent table")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
                                .errorMessage("Cannot do operations on a non-existent table").build()).build();
            }
        };
        DynamoDbItemSink sink = new DynamoDbItemSink(SETTINGS, "T", fake);

        assertThatThrownBy(() -> sink.writeAll(7, items("a").iterator()))
                .isInstanceOf(SinkException.class)
                .hasMessage("Cannot write to DynamoDB table T at http://fake:8000: Cannot do operations on a non-existent"
                        + " table (Service: null, Status Code: 400, Request ID: null) (refused, not retried)");
        assertThat(fake.putCalls).isZero();
    }

    private static List<Map<String, AttributeValue>> items(String... ids) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (String id : ids) {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            item.put("id", AttributeValue.fromS(id));
            items.add(item);
        }
        return items;
    }

    /** A table that refuses, as DynamoDB does, any call holding the item with the id given. */
    private static class FakeTable implements DynamoDbClient {
        final String refusedId;
        final List<String> stored = new ArrayList<>();
        int batchCalls;
        int putCalls;

        FakeTable(String refusedId) {
            this.refusedId = refusedId;
        }

        @Override
        public synchronized BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            batchCalls++;
            List<String> ids = request.requestItems().get("T").stream().map(w -> w.putRequest().item().get("id").s()).toList();
            if (ids.contains(refusedId)) {
                throw refused();
            }
            stored.addAll(ids);
            return BatchWriteItemResponse.builder().build();
        }

        @Override
        public synchronized PutItemResponse putItem(PutItemRequest request) {
            putCalls++;
            String id = request.item().get("id").s();
            if (id.equals(refusedId)) {
                throw refused();
            }
            stored.add(id);
            return PutItemResponse.builder().build();
        }

        private static DynamoDbException refused() {
            return (DynamoDbException) DynamoDbException.builder().statusCode(400)
                    .message("Item size has exceeded the maximum allowed size (Service: DynamoDb, Status Code: 400,"
                            + " Request ID: 1234)")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException")
                            .errorMessage("Item size has exceeded the maximum allowed size").build()).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }
}
