package org.caseledger.bench.commands;

import com.sun.net.httpserver.HttpServer;
import org.caseledger.bench.load.OpenLoop;
import org.caseledger.bench.load.Tally;
import org.caseledger.bench.stack.DatabaseLogin;
import org.caseledger.bench.stack.Http;
import org.caseledger.bench.stack.Stack;
import org.caseledger.bench.stack.TokenSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load's commands against a server that answers as case-service does (a case id and version for each command
 * accepted) and notes each: an open loop releases only cases it opened itself, each once.
 */
class CaseLoadTest {

    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger cases = new AtomicInteger();
    private HttpServer server;
    private CaseLoad load;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/api/cases", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String caseId;
            long version;
            if (path.equals("/api/cases")) {
                caseId = "case-" + cases.incrementAndGet();
                version = 0;
                commands.add("open " + caseId);
            } else {
                caseId = path.substring("/api/cases/".length(), path.indexOf("/releases"));
                version = 1;
                commands.add("release " + caseId);
            }
            byte[] body = ("{\"caseId\":\"" + caseId + "\",\"version\":" + version + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI caseService = URI.create("http://localhost:" + server.getAddress().getPort() + "/");
        Stack stack = new Stack(caseService, URI.create("http://localhost:1"), "localhost:2",
                new DatabaseLogin("localhost", 3, "postgres", null), Stack.Databases.LOCAL, Path.of("."), Map.of(),
                Optional.empty());
        load = new CaseLoad(new CaseCommands(new Http(TokenSource.none()), stack));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void eachOpenLoopReleasesTheCasesItOpenedNotThoseOfTheLoopsBefore() throws Exception {
        Tally tally = new Tally();
        for (int turn = 0; turn < 3; turn++) {
            load.openAndRelease(tally, null, null);
        }
        OpenLoop.Request first = load.openLoop(null, "first");
        for (long index = 0; index < 5; index++) {
            first.send(index, System.nanoTime(), tally);
        }
        OpenLoop.Request second = load.openLoop(null, "second");
        for (long index = 0; index < 4; index++) {
            second.send(index, System.nanoTime(), tally);
        }

        assertThat(commands).containsExactly(
                "open case-1", "release case-1", "open case-2", "release case-2", "open case-3", "release case-3",
                "open case-4", "release case-4", "open case-5", "release case-5", "open case-6",
                "open case-7", "release case-7", "open case-8", "release case-8");
        assertThat(load.opened()).containsExactly("case-1", "case-2", "case-3", "case-4", "case-5", "case-6",
                "case-7", "case-8");
        assertThat(tally.count(CaseCommands.OPEN)).isEqualTo(8);
        assertThat(tally.count(CaseCommands.RELEASE)).isEqualTo(7);
        assertThat(tally.failureCount()).isZero();
    }
}
