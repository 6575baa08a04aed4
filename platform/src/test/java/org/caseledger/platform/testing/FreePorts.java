package org.caseledger.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports free now for the servers a test starts, each different from the others: every port is held open until all are
 * chosen. Asked one at a time, the system may hand the same free port out twice, and a broker given it for two
 * listeners refuses to start.
 */
public final class FreePorts {

    private FreePorts() {
    }

    public static int[] take(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // The port was chosen; a socket that will not close keeps no other port from being chosen.
                }
            }
        }
    }
}
