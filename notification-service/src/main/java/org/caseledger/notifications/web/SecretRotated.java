package org.caseledger.notifications.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** Answer to a secret rotation: the new secret, shown this once, and until when the previous ones still sign. */
@Schema(example = """
        {"subscriptionId": "5d1c7a2e-3b4f-4e6a-9c8d-7e6f5a4b3c2d", "secret": "whsec_C2FVsBQIhrscChlQIMV+b5sSsaBQWnuI",
         "previousSecretsExpireAt": "2026-03-03T09:15:00Z"}
        """)
record SecretRotated(String subscriptionId, String secret, Instant previousSecretsExpireAt) {
}
