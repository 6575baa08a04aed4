package org.caseledger.platform.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports free now for the servers a test starts, each different from the others: every port is held open until all are
 * chosen. Asked one at a time, the system may hand the same free port out twice, and a broker given it for two
 * listeners refuses to start.
 *
 * <p>The ports are taken below the range the system hands out to outgoing connections as their own ports
 * ({@code net.ipv4.ip_local_port_range}): a port from that range, free when chosen, can be taken by any connection
 * another test opens before the server binds it, and the server then fails to start.
 *
 * <p>A port once given stays this test JVM's until it exits, and no other test JVM of the same user on the machine is
 * given it: each port given is a lock on one byte of a file of the user's in the temporary directory, held by this
 * JVM. A test stops a server and starts it again on the same port; in between, the port is free to the system, and a
 * test in another JVM, asking for ports then, would otherwise be given it. (The file is the user's so that another
 * user's tests, finding it made by someone else, are not refused it.)
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int ATTEMPTS = 500;
    private static final int OUTGOING_FROM = firstOutgoingPort();
    private static final FileChannel GIVEN_ON_THIS_MACHINE = givenOnThisMachine();
    private static final Map<Integer, FileLock> GIVEN = new ConcurrentHashMap<>();

    private FreePorts() {
    }

    public static int[] take(int count) {
        return takeBetween(count, LOWEST, OUTGOING_FROM);
    }

    /** {@code count} free ports from {@code lowest} (inclusive) to {@code highest} (exclusive). */
    static int[] takeBetween(int count, int lowest, int highest) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int attempt = 0; held.size() < count && attempt < ATTEMPTS; attempt++) {
                ServerSocket socket = claimed(ThreadLocalRandom.current().nextInt(lowest, highest));
                if (socket != null) {
                    held.add(socket);
                }
            }
            if (held.size() < count) {
                held.forEach(socket -> unclaim(socket.getLocalPort()));
                throw new IllegalStateException("no " + count + " free ports between " + lowest + " and "
                        + highest);
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
                    ServerSocket socket = claimed(port);
                    if (socket == null) {
                        break;
                    }
                    held.add(socket);
                }
                if (held.size() == count) {
                    return first;
                }
                held.forEach(socket -> unclaim(socket.getLocalPort()));
            } finally {
                closeAll(held);
            }
        }
        throw new IllegalStateException("no " + count + " free ports in a row between " + LOWEST + " and "
                + OUTGOING_FROM);
    }

    /** The port bound, and given to this JVM; null where it is bound by anyone or was given to any test JVM. */
    private static ServerSocket claimed(int port) {
        if (GIVEN.containsKey(port)) {
            return null;
        }
        ServerSocket socket;
        try {
            socket = new ServerSocket(port);
        } catch (IOException e) {
            return null;
        }
        FileLock lock = lockOn(port);
        if (lock == null || GIVEN.putIfAbsent(port, lock) != null) {
            release(lock);
            closeAll(List.of(socket));
            return null;
        }
        return socket;
    }

    private static FileLock lockOn(int port) {
        try {
            return GIVEN_ON_THIS_MACHINE.tryLock(port, 1, false);
        } catch (IOException | OverlappingFileLockException e) {
            return null;
        }
    }

    /** The port back to every test JVM, this one too. */
    static void unclaim(int port) {
        release(GIVEN.remove(port));
    }

    private static void release(FileLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
        } catch (IOException e) {
            // Released with the JVM at the latest; until then no test JVM is given this port.
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

    /** The file whose bytes this user's test JVMs lock, one per port given; open while this JVM runs. */
    private static FileChannel givenOnThisMachine() {
        Path file = Path.of(System.getProperty("java.io.tmpdir"),
                "caseledger-test-ports-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open " + file + ", where this user's test JVMs note the"
                    + " ports they were given; make the temporary directory writable", e);
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
