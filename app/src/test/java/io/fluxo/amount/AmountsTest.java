package io.fluxo.amount;

import static io.fluxo.amount.Amounts.Sign.NOT_NEGATIVE;
import static io.fluxo.amount.Amounts.Sign.POSITIVE;
import static io.fluxo.amount.SubCentPolicy.REJECT;
import static io.fluxo.amount.SubCentPolicy.ROUND_HALF_EVEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AmountsTest {

    private static Amount parse(String sent, Amounts.Sign sign, SubCentPolicy policy) {
        return Amounts.parse("valor", new BigDecimal(sent), sign, policy);
    }

    private static void invalid(String sent, Amounts.Sign sign, SubCentPolicy policy, String message) {
        assertThatThrownBy(() -> parse(sent, sign, policy)).isInstanceOf(Amounts.InvalidAmount.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0} is {1} under {2}")
    @CsvSource({
        "7937.860000000001,  7937.86, reject",
        "1571.8199999999997, 1571.82, reject",
        "7937.860000000001,  7937.86, round-half-even",
        "1571.8199999999997, 1571.82, round-half-even",
        // Exactly 1e-6 from the cent, from above and from below: still the cent (the bound is inclusive).
        "10.000001,          10.00,   reject",
        "10.009999,          10.01,   reject",
        "10.000001,          10.00,   round-half-even",
        "0.000001,           0.00,    reject",
        "10,                 10.00,   reject",
        "0,                  0.00,    reject",
        "1.5,                1.50,    reject",
        "1.500,              1.50,    reject",
        "1E+3,               1000.00, reject",
        "9999999999999999.99, 9999999999999999.99, reject",
        "9999999999999999.990001, 9999999999999999.99, reject"
    })
    void aValueWithinOneMillionthOfAWholeCentIsThatCentExactly(String sent, String cent, String policy) {
        Amount amount = parse(sent, NOT_NEGATIVE, SubCentPolicy.fromLabel(policy).orElseThrow());
        assertThat(amount.value()).isEqualTo(new BigDecimal(cent));
        assertThat(amount.rounded()).isFalse();
        assertThat(amount.sent()).isEqualTo(new BigDecimal(sent).toPlainString());
        assertThat(amount.sentIfRounded()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"10.0000011", "10.0099989", "10.004999999", "10.005", "3252.2412345678", "0.0000011", "1.005"})
    void aValueWithRealSubCentDigitsIsRejectedUnderReject(String sent) {
        invalid(sent, NOT_NEGATIVE, REJECT, "Invalid valor: " + sent + " (more than 2 decimal places)");
        invalid(sent, POSITIVE, REJECT, "Invalid valor: " + sent + " (more than 2 decimal places)");
    }

    @ParameterizedTest(name = "{0} rounds to {1}")
    @CsvSource({
        "10.0000011,      10.00",
        "10.0099989,      10.01",
        "10.004999999,    10.00",
        // Ties go to the even cent.
        "10.005,          10.00",
        "10.015,          10.02",
        "10.025,          10.02",
        "10.0050001,      10.01",
        "3252.2412345678, 3252.24",
        "0.0000011,       0.00"
    })
    void aValueWithRealSubCentDigitsIsRoundedHalfEvenUnderRoundHalfEvenKeepingTheValueSent(String sent, String cent) {
        Amount amount = parse(sent, NOT_NEGATIVE, ROUND_HALF_EVEN);
        assertThat(amount).isEqualTo(new Amount(new BigDecimal(cent), true, sent));
        assertThat(amount.sentIfRounded()).isEqualTo(sent);
    }

    @ParameterizedTest
    @EnumSource(SubCentPolicy.class)
    void negativeAmountsAreRejectedEvenWhenTheyAreNoiseAroundZero(SubCentPolicy policy) {
        invalid("-0.01", NOT_NEGATIVE, policy, "Invalid valor: -0.01 (must not be negative)");
        invalid("-0.0000001", NOT_NEGATIVE, policy, "Invalid valor: -0.0000001 (must not be negative)");
        invalid("-10.5", POSITIVE, policy, "Invalid valor: -10.5 (must be positive)");
    }

    @Test
    void aPositiveAmountMustBeAtLeastOneCentAfterTheRule() {
        invalid("0", POSITIVE, REJECT, "Invalid valor: 0 (must be positive)");
        invalid("0.0000001", POSITIVE, REJECT, "Invalid valor: 0.0000001 (must be positive)");
        invalid("0.0000001", POSITIVE, ROUND_HALF_EVEN, "Invalid valor: 0.0000001 (must be positive)");
        invalid("0.001", POSITIVE, REJECT, "Invalid valor: 0.001 (more than 2 decimal places)");
        invalid("0.005", POSITIVE, ROUND_HALF_EVEN, "Invalid valor: 0.005 (must be positive)");
        assertThat(parse("0.006", POSITIVE, ROUND_HALF_EVEN)).isEqualTo(new Amount(new BigDecimal("0.01"), true, "0.006"));
        assertThat(parse("0.009999", POSITIVE, REJECT)).isEqualTo(new Amount(new BigDecimal("0.01"), false, "0.009999"));
    }

    @Test
    void theLimitOfDecimal18Comma2AppliesToTheCentTheRuleGives() {
        invalid("10000000000000000", NOT_NEGATIVE, REJECT, "Invalid valor: 10000000000000000 (over 9999999999999999.99)");
        invalid("9999999999999999.9999999", NOT_NEGATIVE, REJECT,
                "Invalid valor: 9999999999999999.9999999 (over 9999999999999999.99)");
        invalid("9999999999999999.995", NOT_NEGATIVE, REJECT,
                "Invalid valor: 9999999999999999.995 (more than 2 decimal places)");
        invalid("9999999999999999.995", NOT_NEGATIVE, ROUND_HALF_EVEN,
                "Invalid valor: 9999999999999999.995 (over 9999999999999999.99)");
        assertThat(parse("9999999999999999.994", NOT_NEGATIVE, ROUND_HALF_EVEN).value())
                .isEqualTo(new BigDecimal("9999999999999999.99"));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void hugeExponentsAreDecidedWithoutExpandingThem() {
        invalid("1E+999999999", NOT_NEGATIVE, ROUND_HALF_EVEN, "Invalid valor: 1E+999999999 (over 9999999999999999.99)");
        assertThat(parse("1E-999999999", NOT_NEGATIVE, REJECT)).isEqualTo(new Amount(new BigDecimal("0.00"), false, "1E-999999999"));
        invalid("1E-999999999", POSITIVE, ROUND_HALF_EVEN, "Invalid valor: 1E-999999999 (must be positive)");
    }

    @Test
    void policiesAreNamedAsTheSettingNamesThem() {
        assertThat(SubCentPolicy.fromLabel("reject")).contains(REJECT);
        assertThat(SubCentPolicy.fromLabel("round-half-even")).contains(ROUND_HALF_EVEN);
        assertThat(SubCentPolicy.fromLabel("ROUND_HALF_EVEN")).isEmpty();
        assertThat(ROUND_HALF_EVEN.label()).isEqualTo("round-half-even");
    }
}
