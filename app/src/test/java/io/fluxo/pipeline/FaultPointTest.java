package io.fluxo.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The halt itself is exercised by TransactionsFaultsIT and ReceivablesFaultsIT in child JVMs. */
class FaultPointTest {

    @Test
    void armedForOnePointAndOneBatch() {
        assertThat(FaultPoint.isArmed("after-sinks:2", FaultPoint.AFTER_SINKS, 2)).isTrue();
        assertThat(FaultPoint.isArmed(" after-postgres : 0 ", FaultPoint.AFTER_POSTGRES, 0)).isTrue();
        assertThat(FaultPoint.isArmed("after-sinks:2", FaultPoint.AFTER_SINKS, 3)).isFalse();
        assertThat(FaultPoint.isArmed("after-sinks:2", FaultPoint.AFTER_POSTGRES, 2)).isFalse();
    }

    @Test
    void unsetDoesNothing() {
        assertThat(System.getProperty(FaultPoint.PROPERTY)).isNull();
        FaultPoint.haltIfArmed(FaultPoint.AFTER_SINKS, 0);
    }

    @Test
    void aValueThatArmsNothingIsRefusedRatherThanIgnored() {
        String expected = " (expected <point>:<batch id>, the point one of after-postgres, after-sinks, e.g. after-sinks:2)";
        assertThatThrownBy(() -> FaultPoint.isArmed("after-sink:2", FaultPoint.AFTER_SINKS, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid fluxo.fault.halt-at: after-sink:2" + expected);
        assertThatThrownBy(() -> FaultPoint.isArmed("after-sinks", FaultPoint.AFTER_SINKS, 2))
                .hasMessage("Invalid fluxo.fault.halt-at: after-sinks" + expected);
        assertThatThrownBy(() -> FaultPoint.isArmed("after-sinks:two", FaultPoint.AFTER_SINKS, 2))
                .hasMessage("Invalid fluxo.fault.halt-at: after-sinks:two" + expected);
    }
}
