package org.caseledger.notifications.subscription;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.caseledger.api.Identifiers;
import org.caseledger.notifications.config.NotificationSettings;
import org.caseledger.notifications.ledger.KnownFacts;
import org.caseledger.notifications.notice.EventKind;
import org.caseledger.notifications.personaldata.PersonNames;
import org.caseledger.notifications.webhook.WebhookAddresses;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Making, finding and ending subscriptions, and choosing the ones an event concerns. Must be called inside a
 * transaction where it writes.
 */
@Component
public class Subscriptions {

    private static final RowMapper<Subscription> ROW = (rs, n) -> new Subscription(
            rs.getString("subscription_id"),
            Channel.valueOf(rs.getString("channel")),
            rs.getString("url"),
            rs.getString("address"),
            rs.getString("case_id"),
            kinds(rs.getArray("events")),
            rs.getBoolean("include_personal_data"),
            SubscriptionState.valueOf(rs.getString("state")),
            rs.getString("state_reason"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getString("created_by"));

    private final JdbcClient jdbc;
    private final Clock clock;
    private final KnownFacts knownFacts;
    private final WebhookAddresses webhookAddresses;
    private final PersonNames personNames;
    private final NotificationSettings settings;

    Subscriptions(JdbcClient jdbc, Clock clock, KnownFacts knownFacts, WebhookAddresses webhookAddresses,
                  PersonNames personNames, NotificationSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.knownFacts = knownFacts;
        this.webhookAddresses = webhookAddresses;
        this.personNames = personNames;
        this.settings = settings;
    }

    /** A subscription that was made, with its signing secret, which is shown this once. */
    public record Created(Subscription subscription, Optional<String> secret) {
    }

    /** A new signing secret, and until when the ones before it still sign. */
    public record RotatedSecret(String secret, Instant previousSecretsExpireAt) {
    }

    public Created create(NewSubscription request, String createdBy) {
        check(request);
        Subscription subscription = new Subscription(Identifiers.next(), request.channel(),
                request.channel() == Channel.WEBHOOK ? request.url().strip() : null,
                request.channel() == Channel.EMAIL ? request.address().strip() : null,
                request.caseId() == null ? null : request.caseId().strip(),
                request.events(), request.includePersonalData(), SubscriptionState.ACTIVE, null,
                clock.instant(), createdBy);
        jdbc.sql("""
                        INSERT INTO subscription (subscription_id, channel, url, address, case_id, events,
                                                  include_personal_data, state, created_at, created_by)
                        VALUES (:id, :channel, :url, :address, :caseId, string_to_array(:events, ','),
                                :personalData, 'ACTIVE', :createdAt, :createdBy)
                        """)
                .param("id", subscription.subscriptionId())
                .param("channel", subscription.channel().name())
                .param("url", subscription.url())
                .param("address", subscription.address())
                .param("caseId", subscription.caseId())
                .param("events", subscription.events().stream().map(Enum::name).sorted()
                        .collect(Collectors.joining(",")))
                .param("personalData", subscription.includePersonalData())
                .param("createdAt", Timestamp.from(subscription.createdAt()))
                .param("createdBy", createdBy)
                .update();
        Optional<String> secret = Optional.empty();
        if (subscription.channel() == Channel.WEBHOOK) {
            secret = Optional.of(addSecret(subscription.subscriptionId(), subscription.createdAt()));
        }
        if (subscription.includePersonalData()) {
            personNames.learnNames();
        }
        return new Created(subscription, secret);
    }

    public Optional<Subscription> find(String subscriptionId) {
        return jdbc.sql("SELECT * FROM subscription WHERE subscription_id = :id AND state <> 'DELETED'")
                .param("id", subscriptionId)
                .query(ROW)
                .optional();
    }

    /** Including deleted ones, as deliveries name them. */
    public Optional<Subscription> findAny(String subscriptionId) {
        return jdbc.sql("SELECT * FROM subscription WHERE subscription_id = :id")
                .param("id", subscriptionId)
                .query(ROW)
                .optional();
    }

    public List<Subscription> all() {
        return jdbc.sql("SELECT * FROM subscription WHERE state <> 'DELETED' ORDER BY created_at, subscription_id")
                .query(ROW)
                .list();
    }

    /** Ends a subscription: nothing more is sent to it, and what waited to be sent is cancelled. */
    public boolean delete(String subscriptionId) {
        return end(subscriptionId, SubscriptionState.DELETED, "deleted through the API");
    }

    /** The receiver answered 410 Gone: it wants no more, so nothing more is sent to it. */
    public void disable(String subscriptionId, String reason) {
        end(subscriptionId, SubscriptionState.DISABLED, reason);
    }

    private boolean end(String subscriptionId, SubscriptionState state, String reason) {
        int ended = jdbc.sql("""
                        UPDATE subscription SET state = :state, state_reason = :reason
                         WHERE subscription_id = :id AND state <> 'DELETED'
                        """)
                .param("state", state.name())
                .param("reason", reason)
                .param("id", subscriptionId)
                .update();
        if (ended == 0) {
            return false;
        }
        jdbc.sql("""
                        UPDATE delivery SET status = 'CANCELLED', status_reason = :reason, next_attempt_at = NULL,
                                            finished_at = :now
                         WHERE subscription_id = :id AND status IN ('PENDING', 'DEAD')
                        """)
                .param("reason", "subscription " + state.name().toLowerCase() + ": " + reason)
                .param("now", Timestamp.from(clock.instant()))
                .param("id", subscriptionId)
                .update();
        personNames.forgetUncovered();
        return true;
    }

    /**
     * A new signing secret for a webhook subscription. The ones before it keep signing next to it for
     * {@code caseledger.notifications.secret-overlap}, so the receiver can switch without losing a message.
     */
    public Optional<RotatedSecret> rotateSecret(String subscriptionId) {
        Optional<Subscription> subscription = find(subscriptionId);
        if (subscription.isEmpty()) {
            return Optional.empty();
        }
        if (subscription.get().channel() != Channel.WEBHOOK) {
            throw new SubscriptionRefused("channel", "an e-mail subscription has no signing secret", true);
        }
        Instant now = clock.instant();
        Instant expiry = now.plus(settings.secretOverlap());
        jdbc.sql("""
                        UPDATE subscription_secret SET expires_at = :expiry
                         WHERE subscription_id = :id AND (expires_at IS NULL OR expires_at > :expiry)
                        """)
                .param("expiry", Timestamp.from(expiry))
                .param("id", subscriptionId)
                .update();
        return Optional.of(new RotatedSecret(addSecret(subscriptionId, now), expiry));
    }

    /** The secrets a message sent now is signed with, newest first. */
    public List<String> signingSecrets(String subscriptionId) {
        return jdbc.sql("""
                        SELECT secret FROM subscription_secret
                         WHERE subscription_id = :id AND (expires_at IS NULL OR expires_at > :now)
                         ORDER BY created_at DESC
                        """)
                .param("id", subscriptionId)
                .param("now", Timestamp.from(clock.instant()))
                .query(String.class)
                .list();
    }

    /**
     * The active subscriptions that asked for this kind, for this case or every case, made before the event was
     * recorded. A subscription to a case that was merged into another follows it: it hears of the case it was merged
     * into as well.
     */
    public List<Subscription> interestedIn(EventKind kind, String caseId, Instant eventTime) {
        return jdbc.sql("""
                        WITH RECURSIVE following(case_id) AS (
                            SELECT CAST(:caseId AS VARCHAR(64))
                            UNION
                            SELECT k.case_id FROM known_case k JOIN following f ON k.merged_into = f.case_id)
                        SELECT * FROM subscription
                         WHERE state = 'ACTIVE'
                           AND :kind = ANY (events)
                           AND created_at <= :eventTime
                           AND (case_id IS NULL OR case_id IN (SELECT case_id FROM following))
                         ORDER BY subscription_id
                        """)
                .param("caseId", caseId)
                .param("kind", kind.name())
                .param("eventTime", Timestamp.from(eventTime))
                .query(ROW)
                .list();
    }

    private String addSecret(String subscriptionId, Instant now) {
        String secret = Secrets.newSecret();
        jdbc.sql("""
                        INSERT INTO subscription_secret (subscription_id, secret, created_at)
                        VALUES (:id, :secret, :createdAt)
                        """)
                .param("id", subscriptionId)
                .param("secret", secret)
                .param("createdAt", Timestamp.from(now))
                .update();
        return secret;
    }

    private void check(NewSubscription request) {
        if (request.channel() == Channel.WEBHOOK) {
            if (request.address() != null) {
                throw invalid("address", "is for EMAIL subscriptions; a WEBHOOK subscription has a url");
            }
            checkUrl(request.url());
        } else {
            if (request.url() != null) {
                throw invalid("url", "is for WEBHOOK subscriptions; an EMAIL subscription has an address");
            }
            checkAddress(request.address());
        }
        if (request.caseId() != null && knownFacts.knownCase(request.caseId().strip()).isEmpty()) {
            throw new SubscriptionRefused("caseId", "no case '" + request.caseId().strip() + "' is known to the "
                    + "notification service. A case reported moments ago reaches it through the cases topic, usually "
                    + "within a second: retry shortly; leave caseId out to follow every case", true);
        }
    }

    private void checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("url", "is required for a WEBHOOK subscription, e.g. https://example.org/hooks/caseledger");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid("url", "is not a URL: " + e.getReason());
        }
        webhookAddresses.whyRefused(uri).ifPresent(reason -> {
            throw new SubscriptionRefused("url", reason, true);
        });
    }

    private static void checkAddress(String address) {
        if (address == null || address.isBlank()) {
            throw invalid("address", "is required for an EMAIL subscription, e.g. caseworker@example.org");
        }
        try {
            InternetAddress parsed = new InternetAddress(address.strip(), true);
            if (parsed.getPersonal() != null || !parsed.getAddress().equals(address.strip())
                    || !parsed.getAddress().contains("@")) {
                throw new AddressException();
            }
        } catch (AddressException e) {
            throw invalid("address", "must be one plain e-mail address such as caseworker@example.org");
        }
    }

    private static SubscriptionRefused invalid(String field, String detail) {
        return new SubscriptionRefused(field, detail, false);
    }

    private static Set<EventKind> kinds(Array array) throws SQLException {
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        Arrays.stream((String[]) array.getArray()).map(EventKind::valueOf).forEach(kinds::add);
        return kinds;
    }
}
