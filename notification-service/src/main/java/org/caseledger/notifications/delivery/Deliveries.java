package org.caseledger.notifications.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.notifications.notice.EventKind;
import org.caseledger.notifications.notice.Notice;
import org.caseledger.notifications.subscription.Subscription;
import org.caseledger.platform.json.EventJson;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The delivery rows and their attempts. Must be called inside a transaction where it writes. */
@Component
public class Deliveries {

    private static final TypeReference<LinkedHashMap<String, Object>> FACTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json = EventJson.mapper();
    private final RowMapper<Delivery> row = this::delivery;

    Deliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A page of deliveries, newest first, filtered by status and subscription when given. */
    public record Page(List<Delivery> items, long totalItems) {
    }

    /**
     * The same subscription and event always make the same id: a message made again (it cannot be, the database
     * refuses a second row) would still carry the id its receiver deduplicates on.
     */
    public static String idOf(String subscriptionId, String eventId) {
        return UUID.nameUUIDFromBytes((subscriptionId + "\n" + eventId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The delivery of a notice to a subscription; empty when it exists already (the event was read before). */
    public Optional<String> create(Subscription subscription, Notice notice, Instant now) {
        String deliveryId = idOf(subscription.subscriptionId(), notice.eventId());
        int created = jdbc.sql("""
                        INSERT INTO delivery (delivery_id, subscription_id, event_id, kind, case_id, event_time, facts,
                                              status, next_attempt_at, created_at)
                        VALUES (:id, :subscriptionId, :eventId, :kind, :caseId, :eventTime, CAST(:facts AS JSON),
                                'PENDING', :now, :now)
                        ON CONFLICT (subscription_id, event_id) DO NOTHING
                        """)
                .param("id", deliveryId)
                .param("subscriptionId", subscription.subscriptionId())
                .param("eventId", notice.eventId())
                .param("kind", notice.kind().name())
                .param("caseId", notice.caseId())
                .param("eventTime", Timestamp.from(notice.eventTime()))
                .param("facts", write(withDate(notice)))
                .param("now", Timestamp.from(now))
                .update();
        return created == 1 ? Optional.of(deliveryId) : Optional.empty();
    }

    public Optional<Delivery> find(String deliveryId) {
        return jdbc.sql("SELECT * FROM delivery WHERE delivery_id = :id")
                .param("id", deliveryId)
                .query(row)
                .optional();
    }

    /** Locks the delivery's row until the transaction ends, so two answers to it are recorded one after the other. */
    public Optional<Delivery> lock(String deliveryId) {
        return jdbc.sql("SELECT * FROM delivery WHERE delivery_id = :id FOR UPDATE")
                .param("id", deliveryId)
                .query(row)
                .optional();
    }

    public Page page(Optional<DeliveryStatus> status, Optional<String> subscriptionId, int page, int size) {
        String where = " WHERE (CAST(:status AS VARCHAR) IS NULL OR status = :status)"
                + " AND (CAST(:subscriptionId AS VARCHAR) IS NULL OR subscription_id = :subscriptionId)";
        List<Delivery> items = jdbc.sql("SELECT * FROM delivery" + where
                        + " ORDER BY created_at DESC, delivery_id LIMIT :size OFFSET :offset")
                .param("status", status.map(Enum::name).orElse(null))
                .param("subscriptionId", subscriptionId.orElse(null))
                .param("size", size)
                .param("offset", (long) page * size)
                .query(row)
                .list();
        long total = jdbc.sql("SELECT count(*) FROM delivery" + where)
                .param("status", status.map(Enum::name).orElse(null))
                .param("subscriptionId", subscriptionId.orElse(null))
                .query(Long.class)
                .single();
        return new Page(items, total);
    }

    /** Every attempt of the given deliveries, in order. */
    public Map<String, List<Attempt>> attemptsOf(Collection<String> deliveryIds) {
        Map<String, List<Attempt>> attempts = new LinkedHashMap<>();
        if (deliveryIds.isEmpty()) {
            return attempts;
        }
        jdbc.sql("""
                        SELECT * FROM delivery_attempt WHERE delivery_id IN (:ids) ORDER BY delivery_id, attempt
                        """)
                .param("ids", deliveryIds)
                .query((rs, n) -> {
                    attempts.computeIfAbsent(rs.getString("delivery_id"), id -> new ArrayList<>()).add(new Attempt(
                            rs.getInt("attempt"),
                            rs.getTimestamp("attempted_at").toInstant(),
                            rs.getLong("duration_ms"),
                            Attempt.Outcome.valueOf(rs.getString("outcome")),
                            rs.getObject("status_code", Integer.class),
                            rs.getString("answer")));
                    return null;
                })
                .list();
        return attempts;
    }

    void recordAttempt(Delivery delivery, Attempt attempt) {
        jdbc.sql("""
                        INSERT INTO delivery_attempt (delivery_id, attempt, attempted_at, duration_ms, outcome,
                                                      status_code, answer)
                        VALUES (:id, :attempt, :at, :duration, :outcome, :statusCode, :answer)
                        """)
                .param("id", delivery.deliveryId())
                .param("attempt", attempt.attempt())
                .param("at", Timestamp.from(attempt.attemptedAt()))
                .param("duration", attempt.durationMs())
                .param("outcome", attempt.outcome().name())
                .param("statusCode", attempt.statusCode())
                .param("answer", attempt.answer())
                .update();
    }

    void delivered(Delivery delivery, int attempts, Instant now) {
        finish(delivery, DeliveryStatus.DELIVERED, attempts, now, null);
    }

    void dead(Delivery delivery, int attempts, Instant now, String reason) {
        finish(delivery, DeliveryStatus.DEAD, attempts, now, reason);
    }

    void cancelled(Delivery delivery, int attempts, Instant now, String reason) {
        finish(delivery, DeliveryStatus.CANCELLED, attempts, now, reason);
    }

    void retryLater(Delivery delivery, int attempts, int scheduleStep, Instant nextAttemptAt) {
        jdbc.sql("""
                        UPDATE delivery SET attempts = :attempts, schedule_step = :step, next_attempt_at = :next
                         WHERE delivery_id = :id
                        """)
                .param("attempts", attempts)
                .param("step", scheduleStep)
                .param("next", Timestamp.from(nextAttemptAt))
                .param("id", delivery.deliveryId())
                .update();
    }

    /** A dead delivery gets a new round of the schedule; false unless it was dead. */
    boolean revive(String deliveryId, Instant now) {
        return jdbc.sql("""
                        UPDATE delivery SET status = 'PENDING', schedule_step = 0, next_attempt_at = :now,
                                            finished_at = NULL, status_reason = NULL
                         WHERE delivery_id = :id AND status = 'DEAD'
                        """)
                .param("now", Timestamp.from(now))
                .param("id", deliveryId)
                .update() == 1;
    }

    /** The fact a delivery told of was retracted before it was delivered: it is not sent. */
    public int withdraw(String eventId, String reason, Instant now) {
        return jdbc.sql("""
                        UPDATE delivery SET status = 'CANCELLED', status_reason = :reason, next_attempt_at = NULL,
                                            finished_at = :now
                         WHERE event_id = :eventId AND status IN ('PENDING', 'DEAD')
                        """)
                .param("reason", reason)
                .param("now", Timestamp.from(now))
                .param("eventId", eventId)
                .update();
    }

    /** How many deliveries stand in each status. */
    public Map<DeliveryStatus, Long> countByStatus() {
        Map<DeliveryStatus, Long> counts = new LinkedHashMap<>();
        for (DeliveryStatus status : DeliveryStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.sql("SELECT status, count(*) AS n FROM delivery GROUP BY status")
                .query((rs, n) -> counts.put(DeliveryStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                .list();
        return counts;
    }

    private void finish(Delivery delivery, DeliveryStatus status, int attempts, Instant now, String reason) {
        jdbc.sql("""
                        UPDATE delivery SET status = :status, attempts = :attempts, next_attempt_at = NULL,
                                            finished_at = :now, status_reason = :reason
                         WHERE delivery_id = :id
                        """)
                .param("status", status.name())
                .param("attempts", attempts)
                .param("now", Timestamp.from(now))
                .param("reason", reason)
                .param("id", delivery.deliveryId())
                .update();
    }

    private Map<String, Object> withDate(Notice notice) {
        Map<String, Object> facts = new LinkedHashMap<>();
        if (notice.date() != null) {
            facts.put("date", notice.date());
        }
        facts.putAll(notice.facts());
        return facts;
    }

    private Delivery delivery(ResultSet rs, int n) throws SQLException {
        return new Delivery(
                rs.getString("delivery_id"),
                rs.getString("subscription_id"),
                rs.getString("event_id"),
                EventKind.valueOf(rs.getString("kind")),
                rs.getString("case_id"),
                rs.getTimestamp("event_time").toInstant(),
                read(rs.getString("facts")),
                DeliveryStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                rs.getInt("schedule_step"),
                instant(rs.getTimestamp("next_attempt_at")),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("finished_at")),
                rs.getString("status_reason"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private String write(Map<String, Object> facts) {
        try {
            return json.writeValueAsString(facts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A notice's facts cannot be written as JSON", e);
        }
    }

    private Map<String, Object> read(String facts) {
        try {
            return json.readValue(facts, FACTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored facts of a delivery are not readable", e);
        }
    }
}
