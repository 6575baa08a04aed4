package org.caseledger.platform.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports free now for the servers a test starts, each different from the others: every port is held open until all are
 * chosen. Asked one at a time, the system may hand the same free port out twice, and a broker given it for two
 * listeners refuses to start.
 *
 * <p>The ports are taken below the range the system hands out to outgoing connections as their own ports
 * ({@code net.ipv4.ip_local_port_range}): a port from that range, free when chosen, can be taken by any connection
 * another test opens before the server binds it, and the server then fails to start.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int ATTEMPTS = 500;
    private static final int OUTGOING_FROM = firstOutgoingPort();

    private FreePorts() {
    }

    public static int[] take(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int attempt = 0; held.size() < count && attempt < ATTEMPTS; attempt++) {
                ServerSocket socket = bound(ThreadLocalRandom.current().nextInt(LOWEST, OUTGOING_FROM));
                if (socket != null) {
                    held.add(socket);
                }
            }
            if (held.size() < count) {
                throw new IllegalStateException("no " + count + " free ports between " + LOWEST + " and "
                        + OUTGOING_FROM);
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            closeAll(held);
        }
    }

    /** The first of {@code count} free ports in a row. */
    public static int takeInARow(int count) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, OUTGOING_FROM - count);
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int port = first; port < first + count; port++) {
                    ServerSocket socket = bound(port);
                    if (socket == null) {
                        break;
                    }
                    held.add(socket);
                }
                if (held.size() == count) {
                    return first;
                }
            } finally {
                closeAll(held);
            }
        }
        throw new IllegalStateException("no " + count + " free ports in a row between " + LOWEST + " and "
                + OUTGOING_FROM);
    }

    private static ServerSocket bound(int port) {
        try {
            return new ServerSocket(port);
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeAll(List<ServerSocket> sockets) {
        for (ServerSocket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // The port was chosen; a socket that will not close keeps no other port from being chosen.
            }
        }
    }

    /** Where the system's ports for outgoing connections begin (Linux); 32768, its default, where it does not say. */
    private static int firstOutgoingPort() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int first = Integer.parseInt(range.split("\\s+")[0]);
            return first > LOWEST + 1_000 ? first : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
