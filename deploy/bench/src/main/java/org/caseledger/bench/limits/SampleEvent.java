package org.caseledger.bench.limits;

import java.nio.charset.StandardCharsets;

/** Bytes the size of a stored case event and its metadata (a DetentionReported is about 380 and 130 bytes). */
final class SampleEvent {

    static final byte[] PAYLOAD = json(380);
    static final byte[] METADATA = json(130);

    private SampleEvent() {
    }

    private static byte[] json(int size) {
        StringBuilder json = new StringBuilder("{\"text\":\"");
        while (json.length() < size - 2) {
            json.append((char) ('a' + json.length() % 26));
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
