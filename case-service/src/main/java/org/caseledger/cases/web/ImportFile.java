package org.caseledger.cases.web;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.springframework.web.ErrorResponseException;
import org.caseledger.platform.web.Problems;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An uploaded import file, read whole before anything is recorded: UTF-8 text, RFC 4180 CSV, a header row of known
 * columns. Whatever makes the file as a whole unreadable is a 400 naming it, so that nothing of a file that is not
 * what it claims to be is stored; what is wrong with one row is that row's refusal, later.
 *
 * @param sha256 of the bytes as uploaded: with a row's line, what makes the row's idempotency key
 */
record ImportFile(String sha256, List<String> columns, List<Row> rows) {

    /**
     * One data row.
     *
     * @param line   the line of the file the row starts on (the header is line 1), as an editor shows it
     * @param values by column, blanks for columns the row leaves empty
     * @param fields how many fields the row has, which must be as many as the header has
     */
    record Row(long line, Map<String, String> values, int fields) {
    }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .setAllowMissingColumnNames(false)
            .setIgnoreEmptyLines(true)
            .get();

    static ImportFile read(byte[] body, Set<String> known, Set<String> required) {
        String text = utf8(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw invalid("the file is empty; its first line must be the header, naming the columns");
        }
        if (text.indexOf('\0') >= 0) {
            throw invalid("the file holds a NUL character, so it is no CSV text; export the table as CSV (UTF-8)");
        }
        long[] lineStarts = lineStarts(text);
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(FORMAT).get()) {
            List<String> columns = header(parser.getHeaderNames(), known, required);
            List<Row> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.size() && i < record.size(); i++) {
                    values.put(columns.get(i), record.get(i));
                }
                rows.add(new Row(lineOf(record.getCharacterPosition(), lineStarts), values, record.size()));
            }
            return new ImportFile(sha256(body), columns, rows);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            String reason = e instanceof UncheckedIOException unchecked ? unchecked.getCause().getMessage() : e.getMessage();
            throw invalid("the file is not RFC 4180 CSV: " + reason + "; a field with a comma, a double "
                    + "quote or a line break must be in double quotes, and a double quote inside it written twice");
        }
    }

    private static List<String> header(List<String> names, Set<String> known, Set<String> required) {
        List<String> columns = names.stream().map(name -> name.strip().toLowerCase(Locale.ROOT)).toList();
        Set<String> unknown = new TreeSet<>(columns);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw invalid("the header names columns that are not known: " + String.join(", ", unknown)
                    + "; the columns are " + String.join(", ", known) + " (see docs/imports.md)");
        }
        if (columns.size() != new TreeSet<>(columns).size()) {
            throw invalid("the header names a column more than once: " + String.join(", ", columns));
        }
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(columns);
        if (!missing.isEmpty()) {
            throw invalid("the header lacks the columns every row needs: " + String.join(", ", missing));
        }
        return columns;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("the file is not UTF-8 text; save the table as CSV in UTF-8");
        }
    }

    /** Where each line begins: a line ends with CRLF, LF or a lone CR. */
    private static long[] lineStarts(String text) {
        long[] starts = new long[16];
        int count = 0;
        starts[count++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean end = c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
            if (end) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, count);
    }

    private static long lineOf(long position, long[] lineStarts) {
        int found = Arrays.binarySearch(lineStarts, position);
        return (found >= 0 ? found : -found - 2) + 1;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static ErrorResponseException invalid(String detail) {
        return Problems.invalid("file", detail);
    }
}
