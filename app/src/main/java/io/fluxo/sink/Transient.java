package io.fluxo.sink;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * What every sink treats as transient, whatever its client: a connection that could not be made or was lost,
 * and a time-out. Each sink adds its server's own transient answers (429, 5xx, throttling, serialization
 * failures); anything else is refused data or a bug and is never retried.
 */
public final class Transient {
    private Transient() {
    }

    /** True when e, or one of its causes, is a lost or refused connection or a time-out. */
    public static boolean isConnectionOrTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException
                    || t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException
                    || (t instanceof SocketException && !(t instanceof UnknownHostException))
                    || t instanceof java.io.InterruptedIOException && !(t instanceof java.nio.channels.ClosedByInterruptException)
                    || t instanceof java.io.EOFException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
