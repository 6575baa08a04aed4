package org.caseledger.platform.idempotency;

import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.testing.MigratedDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Claims and outcomes of idempotency keys, on the real PostgreSQL. */
class IdempotentRequestsIT {

    static final JdbcClient jdbc = MigratedDatabase.runtime("platform_idempotency");
    static final String REQUEST_LINE = "POST /api/cases/c-1/releases";
    static final Map<String, String> RELEASE = Map.of("date", "2018-12", "conditions", "SURVEILLANCE");

    private final IdempotentRequests requests = new IdempotentRequests(jdbc, EventJson.mapper());
    private final String key = UUID.randomUUID().toString();

    @Test
    void firstRequestWithAKeyClaimsItAndIsToBeDone() {
        assertThat(requests.claim(key, REQUEST_LINE, RELEASE)).isEmpty();

        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_record WHERE idempotency_key = ?").param(key)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void retryOfTheSameRequestGetsTheStoredOutcomeBack() {
        requests.claim(key, REQUEST_LINE, RELEASE);
        requests.store(key, "{\"eventId\":\"e-7\"}");

        assertThat(requests.claim(key, REQUEST_LINE, RELEASE)).contains("{\"eventId\":\"e-7\"}");
    }

    @Test
    void storingAnOutcomeTouchesOnlyItsOwnKey() {
        String other = UUID.randomUUID().toString();
        requests.claim(key, REQUEST_LINE, RELEASE);
        requests.claim(other, REQUEST_LINE, RELEASE);
        requests.store(key, "{\"eventId\":\"e-8\"}");
        requests.store(other, "{\"eventId\":\"e-9\"}");

        assertThat(requests.claim(key, REQUEST_LINE, RELEASE)).contains("{\"eventId\":\"e-8\"}");
    }

    @Test
    void keyUsedForAnotherBodyIsRefusedWithWhatToDo() {
        requests.claim(key, REQUEST_LINE, RELEASE);
        requests.store(key, "{\"eventId\":\"e-7\"}");

        assertThatThrownBy(() -> requests.claim(key, REQUEST_LINE, Map.of("date", "2019-01", "conditions", "FREE")))
                .isInstanceOf(IdempotencyKeyReused.class)
                .hasMessage("Idempotency-Key '" + key + "' was already used for a different request; use a new key "
                        + "for a new request");
    }

    @Test
    void keyUsedForTheSameBodyOnAnotherPathIsRefused() {
        requests.claim(key, REQUEST_LINE, RELEASE);
        requests.store(key, "{\"eventId\":\"e-7\"}");

        assertThatThrownBy(() -> requests.claim(key, "POST /api/cases/c-2/releases", RELEASE))
                .isInstanceOf(IdempotencyKeyReused.class)
                .hasMessageContaining("already used for a different request");
    }

    @Test
    void keyOfARequestRecordedWithoutAnOutcomeIsRefusedNotAnswered() {
        requests.claim(key, REQUEST_LINE, RELEASE);

        assertThatThrownBy(() -> requests.claim(key, REQUEST_LINE, RELEASE))
                .isInstanceOf(IdempotencyKeyReused.class)
                .hasMessage("Idempotency-Key '" + key + "' was used by a request recorded before this version of "
                        + "the service, whose answer cannot be given again; that request was recorded, and nothing "
                        + "new was stored");
    }

    @Test
    void aBatchOfKeysIsClaimedInOneGoEachAnsweringAsItsOwnClaimWould() {
        String done = UUID.randomUUID().toString();
        String reused = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        requests.claim(done, REQUEST_LINE, RELEASE);
        requests.store(done, "{\"eventId\":\"e-1\"}");
        requests.claim(reused, REQUEST_LINE, RELEASE);
        requests.store(reused, "{\"eventId\":\"e-2\"}");

        List<IdempotentRequests.Claimed> claims = requests.claimAll(List.of(
                new IdempotentRequests.Keyed(fresh, REQUEST_LINE, RELEASE),
                new IdempotentRequests.Keyed(done, REQUEST_LINE, RELEASE),
                new IdempotentRequests.Keyed(reused, REQUEST_LINE, Map.of("date", "2019-01"))));

        assertThat(claims.get(0).now()).isTrue();
        assertThat(claims.get(1).outcome()).contains("{\"eventId\":\"e-1\"}");
        assertThat(claims.get(2).reused()).hasMessageContaining("already used for a different request");
        assertThat(claims.get(2).now()).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_record WHERE idempotency_key = ? AND outcome IS NULL")
                .param(fresh).query(Long.class).single()).as("claimed, its write not done yet").isEqualTo(1);
    }

    @Test
    void aBatchStoresTheOutcomesOfItsWritesAndGivesBackTheKeysOfThoseNotDone() {
        String done = UUID.randomUUID().toString();
        String notDone = UUID.randomUUID().toString();
        String untouched = UUID.randomUUID().toString();
        requests.claimAll(List.of(new IdempotentRequests.Keyed(done, REQUEST_LINE, RELEASE),
                new IdempotentRequests.Keyed(notDone, REQUEST_LINE, RELEASE),
                new IdempotentRequests.Keyed(untouched, REQUEST_LINE, RELEASE)));

        requests.storeAll(Map.of(done, "{\"eventId\":\"e-3\"}"), List.of(notDone));

        assertThat(requests.claim(done, REQUEST_LINE, RELEASE)).contains("{\"eventId\":\"e-3\"}");
        assertThat(requests.claim(notDone, REQUEST_LINE, Map.of("date", "2019-01"))).as("free for any request again")
                .isEmpty();
        assertThatThrownBy(() -> requests.claim(untouched, REQUEST_LINE, RELEASE))
                .isInstanceOf(IdempotencyKeyReused.class);
    }

    @Test
    void aBatchGivingOneKeyTwiceIsRefusedBeforeAnythingIsClaimed() {
        assertThatThrownBy(() -> requests.claimAll(List.of(new IdempotentRequests.Keyed(key, REQUEST_LINE, RELEASE),
                new IdempotentRequests.Keyed(key, REQUEST_LINE, RELEASE))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(requests.claim(key, REQUEST_LINE, RELEASE)).isEmpty();
    }
}
