package org.caseledger.platform.personaldata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class KeyEncryptionKeysTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void unwrapsEachKeyWithTheKeyEncryptionKeyThatWrappedItWhicheverCameBefore() {
        String older = KeyEncryptionKeys.generate("older");
        KeyEncryptionKeys before = KeyEncryptionKeys.parse(older);
        KeyEncryptionKeys after = KeyEncryptionKeys.parse(KeyEncryptionKeys.generate("newer") + "\n" + older);
        for (int i = 0; i < 50; i++) {
            byte[] first = dataKey();
            byte[] second = dataKey();
            byte[] wrappedBefore = before.wrap("subject-" + i, first);
            byte[] wrappedAfter = after.wrap("subject-" + i, second);

            assertThat(after.unwrap("subject-" + i, "older", wrappedBefore)).isEqualTo(first);
            assertThat(after.unwrap("subject-" + i, "newer", wrappedAfter)).isEqualTo(second);
            assertThat(before.unwrap("subject-" + i, "older", wrappedBefore)).isEqualTo(first);
        }
    }

    @Test
    void aKeyThatDoesNotUnwrapLeavesTheNextOneUnwrapping() {
        KeyEncryptionKeys keys = KeyEncryptionKeys.parse(KeyEncryptionKeys.generate("only"));
        byte[] dataKey = dataKey();
        byte[] wrapped = keys.wrap("subject-a", dataKey);
        byte[] altered = wrapped.clone();
        altered[altered.length - 1] ^= 1;

        assertThatThrownBy(() -> keys.unwrap("subject-b", "only", wrapped))
                .hasMessageContaining("does not unwrap with key-encryption key 'only'");
        assertThatThrownBy(() -> keys.unwrap("subject-a", "only", altered))
                .hasMessageContaining("does not unwrap with key-encryption key 'only'");
        assertThat(keys.unwrap("subject-a", "only", wrapped)).isEqualTo(dataKey);
    }

    /** The service's request threads unwrap side by side, each with a cipher of its own. */
    @Test
    void threadsSideBySideEachUnwrapTheirOwnKeys() throws Exception {
        KeyEncryptionKeys keys = KeyEncryptionKeys.parse(KeyEncryptionKeys.generate("only"));
        List<Callable<Integer>> threads = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            String prefix = "thread-" + thread + "-subject-";
            threads.add(() -> {
                for (int i = 0; i < 2_000; i++) {
                    byte[] dataKey = dataKey();
                    assertThat(keys.unwrap(prefix + i, "only", keys.wrap(prefix + i, dataKey))).isEqualTo(dataKey);
                }
                return 2_000;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads.size());
        try {
            for (Future<Integer> done : pool.invokeAll(threads)) {
                assertThat(done.get()).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wrapsTheSameKeyDifferentlyEachTime() {
        KeyEncryptionKeys keys = KeyEncryptionKeys.parse(KeyEncryptionKeys.generate("only"));
        byte[] dataKey = dataKey();

        assertThat(keys.wrap("subject-a", dataKey)).isNotEqualTo(keys.wrap("subject-a", dataKey));
    }

    private static byte[] dataKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}
