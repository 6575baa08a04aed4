package org.caseledger.platform.personaldata;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.caseledger.platform.web.Problems;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The key channel: consumers that may show personal data (projections, notification-service) ask here, as a service
 * account with the role {@code PERSONAL_DATA_KEYS}, for the data keys of the subjects whose values they read. The
 * key-encryption key never leaves the service; the data keys travel only in this answer, over the caller's
 * authenticated connection, and are never cached on the way.
 *
 * <p>A request line holds some 85 subjects named by UUID, and every request costs the holder its filters, its token's
 * check and its answer's framing whatever it carries: a consumer asking for many keys at once (a read model's rebuild
 * names a few hundred new subjects a poll) posts their ids instead, up to {@value #MOST_SUBJECTS_POSTED} a request.
 */
@RestController
@Tag(name = "personal data", description = "Data keys for the consumers that may open personal values")
class DataKeyController {

    static final int MOST_SUBJECTS = 200;
    static final int MOST_SUBJECTS_POSTED = 1_000;
    static final int LONGEST_SUBJECT = 100;

    private final JdbcDataKeys keys;

    DataKeyController(JdbcDataKeys keys) {
        this.keys = keys;
    }

    /** Whether this is a subject id the endpoint answers for: 1 to {@value #LONGEST_SUBJECT} characters, not blank. */
    static boolean takes(String subject) {
        return !subject.isBlank() && subject.length() <= LONGEST_SUBJECT;
    }

    @Schema(description = "One subject's key: PRESENT with the key, ERASED when it was destroyed, UNKNOWN when no "
            + "value of that subject was ever sealed")
    record SubjectKey(@Schema(example = "2b1c5a8e-3f1d-4c7a-9e55-0c6f2a1d9b33") String subjectId,
                      @Schema(example = "PRESENT") State state,
                      @Schema(example = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq8M=",
                              description = "The AES-256 key, base64; absent unless PRESENT") String key) {
    }

    enum State { PRESENT, ERASED, UNKNOWN }

    @Schema(example = """
            {"keys": [{"subjectId": "2b1c5a8e-3f1d-4c7a-9e55-0c6f2a1d9b33", "state": "PRESENT",
                       "key": "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq8M="},
                      {"subjectId": "0b6f3c9e-6a3e-4b8e-9f1e-2d4c8a7b5e10", "state": "ERASED", "key": null}]}""")
    record SubjectKeys(List<SubjectKey> keys) {
    }

    @Schema(example = """
            {"subjects": ["2b1c5a8e-3f1d-4c7a-9e55-0c6f2a1d9b33", "0b6f3c9e-6a3e-4b8e-9f1e-2d4c8a7b5e10"]}""")
    record SubjectsAsked(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
            description = "1 to " + MOST_SUBJECTS_POSTED + " subject ids, each 1 to " + LONGEST_SUBJECT
                    + " characters") List<String> subjects) {
    }

    @GetMapping("/api/internal/personal-data/keys")
    @Operation(summary = "The data keys of these subjects, for a consumer that may show personal data",
            description = "For service accounts only. Each subject is a case id, a testimony id or a relative id "
                    + "(docs/personal-data.md); at most " + MOST_SUBJECTS + " a request.")
    ResponseEntity<SubjectKeys> keysOf(@RequestParam(name = "subject", required = false) List<String> subjects) {
        return answer(subjects, "subject", MOST_SUBJECTS, "name at least one subject, as ?subject=<id>&subject=<id>");
    }

    @PostMapping("/api/internal/personal-data/keys")
    @Operation(summary = "The data keys of the subjects named in the body, for a consumer that may show personal data",
            description = "For service accounts only; answers as the GET does, for up to " + MOST_SUBJECTS_POSTED
                    + " subjects a request, more than a request line holds. Nothing is stored.")
    ResponseEntity<SubjectKeys> keysOfPosted(@RequestBody SubjectsAsked asked) {
        return answer(asked.subjects(), "subjects", MOST_SUBJECTS_POSTED,
                "name at least one subject, as {\"subjects\": [\"<id>\", \"<id>\"]}");
    }

    private ResponseEntity<SubjectKeys> answer(List<String> subjects, String field, int most, String howToName) {
        if (subjects == null || subjects.isEmpty()) {
            throw Problems.invalid(field, howToName);
        }
        Set<String> asked = new LinkedHashSet<>(subjects);
        if (asked.size() > most) {
            throw Problems.invalid(field, "at most " + most + " subjects a request, not " + asked.size());
        }
        for (String subject : asked) {
            if (subject == null || !takes(subject)) {
                throw Problems.invalid(field, "a subject id is 1 to " + LONGEST_SUBJECT + " characters");
            }
        }
        List<SubjectKey> answer = keys.keysOf(asked).entrySet().stream().map(entry -> {
            if (entry.getValue() instanceof DataKey.Present present) {
                return new SubjectKey(entry.getKey(), State.PRESENT,
                        Base64.getEncoder().encodeToString(present.key().getEncoded()));
            }
            return new SubjectKey(entry.getKey(),
                    entry.getValue() instanceof DataKey.Erased ? State.ERASED : State.UNKNOWN, null);
        }).toList();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new SubjectKeys(answer));
    }
}
