package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The answer to an import: what became of every row. A row is either recorded now, or was recorded by an earlier
 * upload of the same file (and nothing was stored again), or refused with the line it starts on and why.
 *
 * @param rows            the data rows the file holds (the header and empty lines not counted)
 * @param casesOpened     rows recorded by this upload, each a case of its own
 * @param factsRecorded   facts recorded by this upload: each case's detention and the status facts its row gave
 * @param alreadyImported rows an earlier upload of the same file recorded: nothing of them was stored again
 * @param cases           the case each recorded row opened, now or before, by line
 * @param refused         the rows not recorded, by line, with the reasons, each naming its column
 */
@Schema(description = "What became of every row of the file", example = """
        {"rows": 3, "casesOpened": 1, "factsRecorded": 2, "alreadyImported": 1,
         "cases": [{"line": 2, "caseId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "caseNumber": 1042, "imported": "NOW"},
                   {"line": 3, "caseId": "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", "caseNumber": 977, "imported": "BEFORE"}],
         "refused": [{"line": 4, "reasons": ["detention_date: '2017-13' is not a date (month must be between 01 and 12, was 13); write YYYY, YYYY-MM or YYYY-MM-DD"]}]}""")
record ImportSummary(long rows, long casesOpened, long factsRecorded, long alreadyImported,
                     List<ImportedCase> cases, List<RefusedRow> refused) {

    /** A row on record, and whether this upload or an earlier one of the same file recorded it. */
    record ImportedCase(long line, String caseId, long caseNumber, Imported imported) {
    }

    enum Imported { NOW, BEFORE }

    /** A row that changed nothing, and what to mend in it before uploading the file again. */
    record RefusedRow(long line, List<String> reasons) {
    }
}
