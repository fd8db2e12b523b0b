package io.fluxo.sink.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbItemSizeTest {
    @Test
    void stringsCountTheirUtf8BytesAndTheNamesToo() {
        assertThat(DynamoDbItemSink.itemSize(Map.of("id", AttributeValue.fromS("abc")))).isEqualTo(2 + 3);
        // "é" 2 bytes, "€" 3, "😀" 4
        assertThat(DynamoDbItemSink.itemSize(Map.of("é", AttributeValue.fromS("€😀")))).isEqualTo(2 + 3 + 4);
        assertThat(DynamoDbItemSink.itemSize(Map.of("e", AttributeValue.fromS("")))).isEqualTo(1);
    }

    @Test
    void numbersCountOneBytePerTwoSignificantDigitsPlusOne() {
        assertThat(DynamoDbItemSink.itemSize(Map.of("v", AttributeValue.fromN("123.45")))).isEqualTo(1 + 3 + 1);
        assertThat(DynamoDbItemSink.itemSize(Map.of("v", AttributeValue.fromN("1000")))).isEqualTo(1 + 1 + 1);
        assertThat(DynamoDbItemSink.itemSize(Map.of("v", AttributeValue.fromN("0.00")))).isEqualTo(1 + 1 + 1);
        assertThat(DynamoDbItemSink.itemSize(Map.of("v", AttributeValue.fromN("41")))).isEqualTo(1 + 1 + 1);
        assertThat(DynamoDbItemSink.itemSize(Map.of("v", AttributeValue.fromN("9999999999999999.99")))).isEqualTo(1 + 9 + 1);
    }

    @Test
    void booleansCountOneByteAndAnItemIsTheSumOfItsAttributes() {
        assertThat(DynamoDbItemSink.itemSize(Map.of("ok", AttributeValue.fromBool(true)))).isEqualTo(2 + 1);
        assertThat(DynamoDbItemSink.itemSize(Map.of("id", AttributeValue.fromS("abc"), "v", AttributeValue.fromN("41"),
                "ok", AttributeValue.fromBool(false)))).isEqualTo(5 + 3 + 3);
    }
}
