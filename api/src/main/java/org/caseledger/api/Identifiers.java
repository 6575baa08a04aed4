package org.caseledger.api;

import java.util.UUID;

/**
 * New identities: of cases, appeals, authorities and, through Axon, of every event and message. Each is a UUID of
 * version 7 (RFC 9562): its first 48 bits a time, the rest random, so ids made one after another sort next to each
 * other. Every read model and the event store keep their rows in B-tree indexes led by these ids; a random id (version
 * 4) lands on any page of such an index, so each new case touched a page of its own in every one of them, read in from
 * the disk or the page cache and written out again. Ids made in the same minute land on the same few pages.
 *
 * <p>The time in an id is the minute it was made, not the millisecond RFC 9562 suggests (which it allows a generator
 * to alter): an id is shown to people who may not see when a case was recorded, and the minute is enough to keep new
 * ids together. The 74 random bits come from {@link UUID#randomUUID()}, a cryptographically strong generator, as
 * before: an id made in the same minute as another cannot be guessed from it.
 */
public final class Identifiers {

    private static final long MINUTE = 60_000L;

    private Identifiers() {
    }

    /** A new identity, as the text every service stores and sends. */
    public static String next() {
        return next(System.currentTimeMillis()).toString();
    }

    /** A new identity made at {@code epochMillis}, which counts only to the minute. */
    static UUID next(long epochMillis) {
        UUID random = UUID.randomUUID();
        long minute = Math.floorDiv(epochMillis, MINUTE) * MINUTE;
        long mostSignificant = (minute & 0xFFFF_FFFF_FFFFL) << 16
                | 0x7000L
                | (random.getMostSignificantBits() & 0x0FFFL);
        // the least significant half keeps the random one's variant (binary 10), which version 7 has too
        return new UUID(mostSignificant, random.getLeastSignificantBits());
    }
}
