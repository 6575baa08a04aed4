package org.caseledger.projections.history;

import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.TestTokens;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test of the default build (its name is no {@code *IT}): puts a million case events into the case history
 * (ten to a case, a hundred thousand RESTRICTED cases, written by SQL straight into the read model, which is what the
 * export reads; the consumer that fills it in production is not what this measures) and an appeal with an answer for
 * every fifth case into the appeal history, recorded among their case's events, then reads
 * {@code GET /api/exports/events.jsonl} through HTTP as an analyst, counting its lines and bytes as they arrive,
 * while a thread samples the heap of this JVM, which holds the service, the client and the Kafka broker. Run it with
 * a heap far smaller than the export; the command is in docs/exports.md, with the figures, which go to
 * {@code target/event-export-benchmark.txt}; the plan of the export's query to {@code target/event-export-plan.txt}.
 */
class EventExportBenchmark extends RunningProjections {

    private static final Instant BASE = Instant.parse("1980-01-01T00:00:00Z");
    private static final int EVENTS_PER_CASE = 10;
    /** The window of an analyst's export of what is new since the last one: about a thousand events. */
    private static final Duration NARROW = Duration.ofSeconds(1000);
    private static final int NARROW_EXPORTS = 21;
    private long narrowLines;

    @LocalServerPort
    int port;

    @Test
    void exportsAMillionEventsInTheHeapItHas() throws Exception {
        long events = Long.getLong("caseledger.benchmark.events", 1_000_000);
        long started = System.nanoTime();
        jdbc.sql("""
                        INSERT INTO case_history (case_id, sequence, event_id, type, revision, recorded_at,
                                                  recorded_by, payload)
                        SELECT 'benchmark-' || (i / :perCase), i % :perCase, md5(i::text)::uuid::text,
                               CASE WHEN i % :perCase = 0 THEN 'DetentionReported' ELSE 'WhereaboutsReported' END,
                               CASE WHEN i % :perCase = 0 THEN '2' ELSE '1' END,
                               CAST(:base AS TIMESTAMPTZ) + i * INTERVAL '1 second', 'volunteer-' || (i % 17),
                               CASE WHEN i % :perCase = 0 THEN jsonb_build_object(
                                   'caseId', 'benchmark-' || (i / :perCase), 'caseNumber', 9000000000 + i / :perCase,
                                   'person', jsonb_build_object('name', 'Шайырбек Даулетхан ' || i,
                                       'nameVariants', jsonb_build_array(jsonb_build_object(
                                           'text', 'Shaiyrbek Dauletkhan ' || i, 'script', 'LATIN')),
                                       'gender', 'MALE', 'ethnicity', 'Kazakh', 'citizenships', jsonb_build_array('KZ')),
                                   'detention', jsonb_build_object('date', '2017-11', 'kind', 'CAMP',
                                       'place', 'Zhaosu County', 'facility', NULL),
                                   'source', jsonb_build_object('type', 'RELATIVE_TESTIMONY', 'credible', true,
                                       'reference', 'brother, first interview', 'reliability', 'LIKELY'))
                               ELSE jsonb_build_object(
                                   'caseId', 'benchmark-' || (i / :perCase), 'date', '2018-0' || (1 + i % 9),
                                   'kind', 'PRISON', 'place', 'Ghulja', 'transfer', true, 'facility', NULL,
                                   'source', jsonb_build_object('type', 'WITNESS_TESTIMONY', 'credible', true,
                                       'reference', 'a former detainee', 'reliability', 'LIKELY'))
                               END
                          FROM generate_series(0, :events - 1) AS i
                        ON CONFLICT (case_id, sequence) DO NOTHING
                        """)
                .param("perCase", EVENTS_PER_CASE)
                .param("base", Timestamp.from(BASE))
                .param("events", events)
                .update();
        long appeals = events / EVENTS_PER_CASE / 5;
        jdbc.sql("""
                        INSERT INTO appeal_history (appeal_id, sequence, case_id, event_id, type, revision,
                                                    recorded_at, recorded_by, payload)
                        SELECT 'benchmark-appeal-' || (i / 2), i % 2, 'benchmark-' || (i / 2 * 5),
                               md5('appeal' || i)::uuid::text,
                               CASE WHEN i % 2 = 0 THEN 'AppealFiled' ELSE 'AppealResponseRecorded' END,
                               CASE WHEN i % 2 = 0 THEN '1' ELSE '2' END,
                               CAST(:base AS TIMESTAMPTZ) + (i / 2 * 5 * :perCase + 3 + i % 2 * 4) * INTERVAL '1 second'
                                   + INTERVAL '500 milliseconds',
                               'volunteer-' || (i % 17),
                               jsonb_build_object('appealId', 'benchmark-appeal-' || (i / 2),
                                   'caseId', 'benchmark-' || (i / 2 * 5), 'authorityId', 'authority-' || (i % 7),
                                   'summary', 'Мы просим сообщить, где содержится наш брат ' || i)
                          FROM generate_series(0, :appeals * 2 - 1) AS i
                        ON CONFLICT (appeal_id, sequence) DO NOTHING
                        """)
                .param("perCase", EVENTS_PER_CASE)
                .param("base", Timestamp.from(BASE))
                .param("appeals", appeals)
                .update();
        // One case in ten made public, as its last event: the export redacts each line by it.
        long visibilityChanges = events / EVENTS_PER_CASE / 10;
        jdbc.sql("""
                        INSERT INTO case_history (case_id, sequence, event_id, type, revision, recorded_at,
                                                  recorded_by, payload)
                        SELECT 'benchmark-' || (c * 10), :perCase, md5('visibility' || c)::uuid::text,
                               'CaseVisibilityChanged', '1',
                               CAST(:base AS TIMESTAMPTZ) + ((c * 10 + 1) * :perCase - 1) * INTERVAL '1 second'
                                   + INTERVAL '250 milliseconds',
                               'volunteer-' || (c % 17),
                               jsonb_build_object('caseId', 'benchmark-' || (c * 10), 'visibility', 'PUBLIC',
                                   'reason', NULL)
                          FROM generate_series(0, :changes - 1) AS c
                        ON CONFLICT (case_id, sequence) DO NOTHING
                        """)
                .param("perCase", EVENTS_PER_CASE)
                .param("base", Timestamp.from(BASE))
                .param("changes", visibilityChanges)
                .update();
        jdbc.sql("ANALYZE case_history").update();
        jdbc.sql("ANALYZE appeal_history").update();
        Duration filled = Duration.ofNanos(System.nanoTime() - started);

        String range = " WHERE TRUE AND h.recorded_at >= :since AND h.recorded_at < :until";
        List<String> plan = jdbc.sql("EXPLAIN " + EventExportController.lines(range))
                .param("since", Timestamp.from(BASE))
                .param("until", Timestamp.from(BASE.plusSeconds(events)))
                .param("entry", -1L)
                .query(String.class)
                .list();
        Files.write(Path.of("target", "event-export-plan.txt"), plan);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        AtomicLong heapPeak = new AtomicLong(heapBefore);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 20, TimeUnit.MILLISECONDS);

        String window = "?since=" + BASE + "&until=" + BASE.plusSeconds(events);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/exports/events.jsonl" + window))
                .header("Authorization", "Bearer " + TestTokens.get().token(Role.ANALYST))
                .build();
        long requested = System.nanoTime();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        long firstByte = -1;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = response.body()) {
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                if (firstByte < 0 && read > 0) {
                    firstByte = System.nanoTime();
                }
                bytes += read;
                lines += lines(buffer, read);
            }
        }
        long done = System.nanoTime();
        sampler.shutdownNow();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(lines).isEqualTo(events + visibilityChanges + appeals * 2);
        Duration[] narrow = narrowWindows(events);
        double seconds = (done - requested) / 1e9;
        String figures = String.format(Locale.ROOT, """
                        lines %d (%d case events, %d appeal events), bytes %d (%.1f MB), %.1f s from request to last byte, first byte after %.0f ms
                        %.1f MB/s, %.0f events/s
                        heap: max %d MB (-Xmx), used %.1f MB before, peak %.1f MB while exporting
                        history filled by SQL in %.1f s
                        %d exports of a narrow window (%d s of the ledger, %d lines each on average), request to last byte: median %.1f ms, max %.1f ms
                        """, lines, events + visibilityChanges, appeals * 2, bytes, bytes / 1e6, seconds,
                (firstByte - requested) / 1e6,
                bytes / 1e6 / seconds, lines / seconds, Runtime.getRuntime().maxMemory() / (1024 * 1024),
                heapBefore / 1048576.0, heapPeak.get() / 1048576.0, filled.toMillis() / 1e3,
                narrow.length, NARROW.toSeconds(), narrowLines / narrow.length,
                narrow[narrow.length / 2].toNanos() / 1e6, narrow[narrow.length - 1].toNanos() / 1e6);
        Files.writeString(Path.of("target", "event-export-benchmark.txt"), figures);
        System.out.print(figures);
    }

    /**
     * Exports of narrow windows spread over the ledger, each read to its last byte, sorted by time: an export's cost
     * should follow its window, not the ledger's size.
     */
    private Duration[] narrowWindows(long events) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Duration[] times = new Duration[NARROW_EXPORTS];
        for (int i = 0; i < NARROW_EXPORTS; i++) {
            Instant since = BASE.plusSeconds((events - NARROW.toSeconds()) * i / NARROW_EXPORTS);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/exports/events.jsonl?since=" + since + "&until=" + since.plus(NARROW)))
                    .header("Authorization", "Bearer " + TestTokens.get().token(Role.ANALYST))
                    .build();
            long started = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            times[i] = Duration.ofNanos(System.nanoTime() - started);
            assertThat(response.statusCode()).isEqualTo(200);
            narrowLines += lines(response.body(), response.body().length);
        }
        Arrays.sort(times);
        return times;
    }

    /** The lines ended in the first {@code length} bytes: JSON Lines end every line, the last too, in {@code \n}. */
    private static long lines(byte[] bytes, int length) {
        long lines = 0;
        for (int i = 0; i < length; i++) {
            lines += bytes[i] == '\n' ? 1 : 0;
        }
        return lines;
    }
}
