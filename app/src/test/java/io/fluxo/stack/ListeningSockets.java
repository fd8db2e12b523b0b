package io.fluxo.stack;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The listening TCP sockets of processes, from Linux's /proc alone (no ss or netstat): /proc/net/tcp and tcp6 give
 * each socket's local address and inode, /proc/&lt;pid&gt;/fd links ({@code socket:[inode]}) give its owners.
 */
final class ListeningSockets {
    private static final String LISTEN = "0A";
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    private ListeningSockets() {
    }

    /** A listening socket and the pid that holds it. */
    record Listener(long pid, InetSocketAddress address) {
        Listener {
            requireNonNull(address, "address");
        }

        /** 127.0.0.1:28000, [::]:28000 */
        String display() {
            InetAddress ip = address.getAddress();
            String host = ip.getHostAddress();
            return (ip instanceof java.net.Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
        }
    }

    /** Every listening TCP socket (IPv4 and IPv6) that one of these processes holds. */
    static List<Listener> of(Set<Long> pids) throws IOException {
        Map<Long, InetSocketAddress> byInode = new HashMap<>();
        byInode.putAll(parse(Files.readAllLines(Path.of("/proc/net/tcp"))));
        byInode.putAll(parse(Files.readAllLines(Path.of("/proc/net/tcp6"))));
        List<Listener> listeners = new ArrayList<>();
        for (long pid : pids) {
            for (long inode : socketInodes(pid)) {
                InetSocketAddress address = byInode.get(inode);
                if (address != null) {
                    listeners.add(new Listener(pid, address));
                }
            }
        }
        return listeners;
    }

    /** The listening sockets of a /proc/net/tcp or tcp6 table, by inode. */
    static Map<Long, InetSocketAddress> parse(List<String> table) {
        Map<Long, InetSocketAddress> sockets = new HashMap<>();
        for (String line : table.subList(Math.min(1, table.size()), table.size())) {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 10 || !fields[3].equals(LISTEN)) {
                continue;
            }
            sockets.put(Long.parseLong(fields[9]), address(fields[1], ByteOrder.nativeOrder()));
        }
        return sockets;
    }

    /**
     * On a little-endian machine "0100007F:6D60" is 127.0.0.1:28000: the kernel prints the address as 32-bit words
     * in the host's byte order, the port as a number. An IPv4-mapped IPv6 address comes back as an Inet4Address.
     */
    static InetSocketAddress address(String field, ByteOrder hostOrder) {
        int colon = field.indexOf(':');
        byte[] bytes = HexFormat.of().parseHex(field.substring(0, colon));
        if (hostOrder == ByteOrder.LITTLE_ENDIAN) {
            for (int word = 0; word < bytes.length; word += 4) {
                byte b0 = bytes[word];
                byte b1 = bytes[word + 1];
                bytes[word] = bytes[word + 3];
                bytes[word + 1] = bytes[word + 2];
                bytes[word + 2] = b1;
                bytes[word + 3] = b0;
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(field.substring(colon + 1), 16));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Invalid socket address in /proc/net/tcp: " + field, e);
        }
    }

    /** The inodes of the sockets a process has open; none when it has exited meanwhile. */
    private static Set<Long> socketInodes(long pid) throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    Matcher socket = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (socket.matches()) {
                        inodes.add(Long.parseLong(socket.group(1)));
                    }
                } catch (IOException e) {
                    // The descriptor was closed between the listing and the read.
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return Set.of();
        }
        return inodes;
    }
}
