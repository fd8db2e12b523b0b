package io.fluxo.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class TransientTest {

    @Test
    void lostOrRefusedConnectionsAndTimeOutsAreTransientAnywhereInTheCauses() {
        assertThat(Transient.isConnectionOrTimeout(new ConnectException("Connection refused"))).isTrue();
        assertThat(Transient.isConnectionOrTimeout(new IllegalStateException("wrapped", new SocketTimeoutException()))).isTrue();
        assertThat(Transient.isConnectionOrTimeout(new java.net.SocketException("Connection reset"))).isTrue();
        assertThat(Transient.isConnectionOrTimeout(new java.util.concurrent.TimeoutException())).isTrue();
    }

    @Test
    void refusedDataBugsAndUnknownHostsAreNot() {
        assertThat(Transient.isConnectionOrTimeout(new IllegalArgumentException("bad value"))).isFalse();
        assertThat(Transient.isConnectionOrTimeout(new IOException("mapper_parsing_exception"))).isFalse();
        // A misspelt host does not heal by waiting: fail at once with the name.
        assertThat(Transient.isConnectionOrTimeout(new UnknownHostException("opensearhc"))).isFalse();
        assertThat(Transient.isConnectionOrTimeout(new NullPointerException())).isFalse();
    }
}
