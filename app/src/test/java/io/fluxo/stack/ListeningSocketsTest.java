package io.fluxo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {
    @Test
    void keepsOnlyListeningSocketsByInode() {
        List<String> tcp = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:6358 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 8881623 1 0 100 0 0 10 0",
                "   1: 0100007F:6358 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 8881700 1 0 20 4 30 10 -1");

        assertThat(ListeningSockets.parse(tcp)).containsOnlyKeys(8881623L);
    }

    @Test
    void readsIpv4AndIpv6AddressesInHostByteOrder() {
        ByteOrder little = ByteOrder.LITTLE_ENDIAN;

        assertThat(ListeningSockets.address("0100007F:6358", little)).isEqualTo(new InetSocketAddress("127.0.0.1", 25432));
        assertThat(ListeningSockets.address("00000000:1F40", little)).isEqualTo(new InetSocketAddress("0.0.0.0", 8000));
        assertThat(ListeningSockets.address("00000000000000000000000000000000:1F40", little))
                .isEqualTo(new InetSocketAddress("::", 8000));
        assertThat(ListeningSockets.address("00000000000000000000000001000000:6D60", little))
                .isEqualTo(new InetSocketAddress("::1", 28000));
        // What a Java server bound to 127.0.0.1 shows in /proc/net/tcp6: ::ffff:127.0.0.1.
        assertThat(ListeningSockets.address("0000000000000000FFFF00000100007F:6D60", little))
                .isEqualTo(new InetSocketAddress("127.0.0.1", 28000));
        assertThat(ListeningSockets.address("7F000001:6358", ByteOrder.BIG_ENDIAN))
                .isEqualTo(new InetSocketAddress("127.0.0.1", 25432));
    }

    @Test
    void showsIpv6AddressesInBrackets() {
        assertThat(new ListeningSockets.Listener(1, new InetSocketAddress("::", 8000)).display()).isEqualTo("[0:0:0:0:0:0:0:0]:8000");
        assertThat(new ListeningSockets.Listener(1, new InetSocketAddress("127.0.0.1", 8000)).display()).isEqualTo("127.0.0.1:8000");
    }
}
