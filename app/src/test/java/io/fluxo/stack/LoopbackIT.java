package io.fluxo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxo.stack.LaunchSpec.Port;
import io.fluxo.stack.ListeningSockets.Listener;
import io.fluxo.testing.TestStack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** No server of the stack can be reached from another machine: every socket it listens on is a loopback one. */
class LoopbackIT {
    @BeforeAll
    static void startStack() {
        TestStack.start();
    }

    @Test
    void everyServerListensOnLoopbackOnly() throws IOException {
        Map<Service, List<Listener>> listeners = listeners();
        System.out.println("Listening sockets of the test stack: " + describe(listeners));

        List<String> outside = new ArrayList<>();
        listeners.forEach((service, sockets) -> sockets.stream()
                .filter(socket -> !socket.address().getAddress().isLoopbackAddress())
                .forEach(socket -> outside.add(service + " (pid " + socket.pid() + ") on " + socket.display())));
        assertThat(outside).withFailMessage("Cannot keep the stack local: %s listen beyond loopback (bind them to"
                + " 127.0.0.1); all sockets: %s", outside, describe(listeners)).isEmpty();
    }

    /** Else a pid we cannot read would pass the test above with no socket at all. */
    @Test
    void everyConfiguredPortIsAmongTheSocketsFound() throws IOException {
        Map<Service, List<Listener>> listeners = listeners();

        listeners.forEach((service, sockets) -> {
            Set<Integer> ports = sockets.stream().map(socket -> socket.address().getPort()).collect(Collectors.toSet());
            assertThat(ports).as("ports %s listens on", service).containsAll(
                    TestStack.stack().spec(service).ports().stream().map(Port::number).toList());
        });
    }

    /** Each service's server JVM and what it started (PostgreSQL's postmaster is its grandchild). */
    private static Map<Service, List<Listener>> listeners() throws IOException {
        Map<Service, List<Listener>> listeners = new EnumMap<>(Service.class);
        for (ServiceStatus status : TestStack.stack().status(Service.all())) {
            assertThat(status.state()).as("state of %s", status.service()).isEqualTo(ServiceStatus.State.RUNNING);
            ProcessHandle server = ProcessHandle.of(status.pid()).orElseThrow();
            Set<Long> pids = Stream.concat(Stream.of(server), server.descendants()).map(ProcessHandle::pid)
                    .collect(Collectors.toSet());
            listeners.put(status.service(), ListeningSockets.of(pids));
        }
        return listeners;
    }

    private static String describe(Map<Service, List<Listener>> listeners) {
        return listeners.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().stream().map(Listener::display).sorted().distinct().toList())
                .collect(Collectors.joining(", "));
    }
}
