package org.caseledger.cases.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.ReportDetention;
import org.caseledger.cases.command.SubjectKeys;
import org.caseledger.platform.axon.CommandWrites;
import org.caseledger.platform.command.Recorded;
import org.caseledger.platform.command.Refusal;
import org.caseledger.platform.command.UnknownReference;
import org.caseledger.platform.idempotency.IdempotencyKeyReused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Records the rows of an import file one after another, each as the requests an operator would send for it, in one
 * write of its own: the row's commands are recorded all together or not at all. The rows go in batches of up to
 * {@code caseledger.imports.rows-per-transaction} rows (100 by default), each batch one transaction
 * ({@link CommandWrites#sendAll}): the rows' idempotency keys are claimed in one statement, their cases' data keys
 * made in one, their case numbers taken with the counter's row once, and their events and outcomes stored together,
 * so a row costs neither a durable commit nor a round trip of its own; a row is done once its batch has committed.
 * A row's idempotency key is the file's SHA-256 and the row's line, so uploading the same file again records nothing
 * twice, and an import cut short (the service stopped, the database gone) is finished by uploading the file again.
 * A row the requests' validation or the case's record refuses is reported and changes nothing; a failure that is no
 * row's fault ends the import with the usual problem, leaving the rows of the batches before it recorded.
 */
@Component
class CaseImport {

    static final String REQUEST_LINE = "POST /api/imports";

    private static final Logger log = LoggerFactory.getLogger(CaseImport.class);
    private static final int PROGRESS_EVERY = 500;
    private static final String STATUS_READING = EventCatalogue.nameOf(CaseStatusDerived.class);

    /** The request fields of a row's requests as the file names them, for refusals a person can act on. */
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("opening.person.name", "name"),
            Map.entry("opening.person.nameVariants", "name_latin, name_cyrillic, name_arabic or name_chinese"),
            Map.entry("opening.person.nameVariants.text", "name_latin, name_cyrillic, name_arabic or name_chinese"),
            Map.entry("opening.person.birth", "birth_year or age"),
            Map.entry("opening.person.birth.year", "birth_year"),
            Map.entry("opening.person.birth.ageFrom", "age"),
            Map.entry("opening.person.birth.ageTo", "age"),
            Map.entry("opening.person.birth.ageAsOfYear", "age_as_of_year"),
            Map.entry("opening.person.birth.yearOrRange", "birth_year or age"),
            Map.entry("opening.person.ethnicity", "ethnicity"),
            Map.entry("opening.person.citizenships", "citizenships"),
            Map.entry("opening.person.hometown.county", "hometown_county"),
            Map.entry("opening.person.hometown.prefecture", "hometown_prefecture"),
            Map.entry("opening.person.occupation", "occupation"),
            Map.entry("opening.detention.place", "detention_place"),
            Map.entry("opening.detention.facilityId", "detention_facility"),
            Map.entry("opening.source.reference", "source_reference"),
            Map.entry("sentence.court", "sentence_court"),
            Map.entry("sentence.term.years", "sentence_years"),
            Map.entry("sentence.term.months", "sentence_months"),
            Map.entry("sentence.term.term", "sentence_years, sentence_months or sentence_life"),
            Map.entry("departure.destinationCountry", "departure_country"),
            Map.entry("death.circumstances", "death_circumstances"));

    /** The fields the command building itself names in a problem (an unknown facility), as the file names them. */
    private static final Map<String, String> REQUEST_FIELDS = Map.of("facilityId", "detention_facility");

    private final CommandWrites writes;
    private final CaseCommands build;
    private final Validator validator;
    private final SubjectKeys keys;
    private final int rowsPerTransaction;

    CaseImport(CommandWrites writes, CaseCommands build, Validator validator, SubjectKeys keys,
               @Value("${caseledger.imports.rows-per-transaction:100}") int rowsPerTransaction) {
        if (rowsPerTransaction < 1) {
            throw new IllegalArgumentException("caseledger.imports.rows-per-transaction must be 1 or more, was "
                    + rowsPerTransaction);
        }
        this.writes = writes;
        this.build = build;
        this.validator = validator;
        this.keys = keys;
        this.rowsPerTransaction = rowsPerTransaction;
    }

    /** Told after every row, with the rows done so far and the file's rows. */
    @FunctionalInterface
    interface Progress {
        void rowDone(int done, int rows) throws IOException;
    }

    ImportSummary record(ImportFile file, Progress progress) throws IOException {
        long opened = 0;
        long facts = 0;
        long before = 0;
        List<ImportSummary.ImportedCase> cases = new ArrayList<>();
        List<ImportSummary.RefusedRow> refused = new ArrayList<>();
        Iterator<ImportFile.Row> rows = file.rows();
        int done = 0;
        List<ImportFile.Row> together = new ArrayList<>(rowsPerTransaction);
        while (rows.hasNext()) {
            together.clear();
            while (rows.hasNext() && together.size() < rowsPerTransaction) {
                together.add(rows.next());
            }
            List<Outcome> outcomes = record(file, together);
            for (int i = 0; i < together.size(); i++) {
                long line = together.get(i).line();
                Outcome outcome = outcomes.get(i);
                if (outcome.refusal() != null) {
                    refused.add(new ImportSummary.RefusedRow(line, outcome.refusal()));
                } else {
                    Recorded recorded = outcome.recorded();
                    String caseId = recorded.first().aggregateId();
                    long number = recorded.result(0, Long.class);
                    if (recorded.replayed()) {
                        before++;
                    } else {
                        opened++;
                        facts += recorded.events().stream().filter(event -> !event.type().equals(STATUS_READING))
                                .count();
                    }
                    cases.add(new ImportSummary.ImportedCase(line, caseId, number, recorded.replayed()
                            ? ImportSummary.Imported.BEFORE : ImportSummary.Imported.NOW));
                }
                progress.rowDone(++done, file.rowCount());
                if (done % PROGRESS_EVERY == 0) {
                    log.info("Import of file {}: {} of {} rows done", file.sha256(), done, file.rowCount());
                }
            }
        }
        log.info("Import of file {}: {} rows, {} cases opened, {} facts, {} imported before, {} refused",
                file.sha256(), file.rowCount(), opened, facts, before, refused.size());
        return new ImportSummary(file.rowCount(), opened, facts, before, cases, refused);
    }

    /** The rows as one batch of writes: each row's commands all or none recorded, the batch in one transaction. */
    private List<Outcome> record(ImportFile file, List<ImportFile.Row> rows) {
        Outcome[] outcomes = new Outcome[rows.size()];
        List<CommandWrites.Write> batch = new ArrayList<>();
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ImportFile.Row row = rows.get(i);
            try {
                CommandWrites.Write write = write(file, row);
                batch.add(write);
                sent.add(i);
            } catch (RowRefused e) {
                outcomes[i] = new Outcome(null, e.reasons);
            } catch (ErrorResponseException e) {
                outcomes[i] = Outcome.refused(reasonOf(e));
            }
        }
        if (!batch.isEmpty()) {
            List<CommandWrites.Written> written = writes.sendAll(batch, CaseImport::refusesTheRow,
                    toBeSent -> keys.prepareAll(toBeSent.stream().map(CommandWrites.Write::aggregateId).toList()));
            for (int j = 0; j < written.size(); j++) {
                CommandWrites.Written one = written.get(j);
                outcomes[sent.get(j)] = one.refused() == null ? new Outcome(one.recorded(), null)
                        : Outcome.refused(reasonOf(one.refused()));
            }
        }
        return List.of(outcomes);
    }

    /** The row's requests as a write, or why the row is refused before anything is sent. */
    private CommandWrites.Write write(ImportFile file, ImportFile.Row row) {
        if (row.fields() != file.columns().size()) {
            throw new RowRefused(List.of("the row has " + row.fields() + " fields where the header has "
                    + file.columns().size() + "; a field holding a comma must be in double quotes"));
        }
        ImportColumns.Read read = ImportColumns.read(row.values());
        if (!read.reasons().isEmpty()) {
            throw new RowRefused(read.reasons());
        }
        List<String> invalid = violations(read.row());
        if (!invalid.isEmpty()) {
            throw new RowRefused(invalid);
        }
        ReportDetention opening = build.open(read.row().opening());
        return new CommandWrites.Write("import:" + file.sha256() + ":" + row.line(), REQUEST_LINE, read.row(),
                opening.caseId().value(), commands(opening, read.row()));
    }

    /** What a row's writing can fail with that is the row's own fault: reported for the row, the import goes on. */
    private static boolean refusesTheRow(RuntimeException failure) {
        return failure instanceof Refusal || failure instanceof UnknownReference
                || failure instanceof IdempotencyKeyReused || failure instanceof ErrorResponseException;
    }

    /** Why a row was refused, as a person can act on it: a problem of the requests' own checks names the column. */
    private static String reasonOf(RuntimeException refusal) {
        return refusal instanceof ErrorResponseException problem ? inColumns(problem.getBody()) : refusal.getMessage();
    }

    /** A problem the requests' own checks raise, naming the column instead of the request field. */
    private static String inColumns(ProblemDetail problem) {
        Object field = problem.getProperties() == null ? null : problem.getProperties().get("field");
        String column = field == null ? null : REQUEST_FIELDS.get(field.toString());
        String detail = problem.getDetail();
        return column != null && detail.startsWith(field + ": ")
                ? column + ": " + detail.substring(field.toString().length() + 2) : detail;
    }

    private List<Object> commands(ReportDetention opening, ImportRow row) {
        List<Object> commands = new ArrayList<>(List.of(opening));
        if (row.sentence() != null) {
            commands.add(build.sentence(opening.caseId(), row.sentence(), null));
        }
        if (row.release() != null) {
            commands.add(build.release(opening.caseId(), row.release(), null));
        }
        if (row.departure() != null) {
            commands.add(build.departure(opening.caseId(), row.departure(), null));
        }
        if (row.death() != null) {
            commands.add(build.death(opening.caseId(), row.death(), null));
        }
        return commands;
    }

    private List<String> violations(ImportRow row) {
        TreeSet<String> reasons = new TreeSet<>();
        for (ConstraintViolation<ImportRow> violation : validator.validate(row)) {
            String path = violation.getPropertyPath().toString().replaceAll("\\[\\d*]", "");
            reasons.add(COLUMNS.getOrDefault(path, path) + ": " + violation.getMessage());
        }
        return List.copyOf(reasons);
    }

    /** A row refused before it is sent, for these reasons. */
    private static final class RowRefused extends RuntimeException {
        private final List<String> reasons;

        RowRefused(List<String> reasons) {
            super(String.join("; ", reasons), null, false, false);
            this.reasons = reasons;
        }
    }

    private record Outcome(Recorded recorded, List<String> refusal) {
        static Outcome refused(String reason) {
            return new Outcome(null, List.of(reason));
        }
    }
}
