package org.caseledger.cases.web;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.springframework.web.ErrorResponseException;
import org.caseledger.platform.web.Problems;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Iterator;
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
 * <p>It holds the file as uploaded, not its rows: {@link #rows()} reads them again as they are asked for, so an import
 * has one batch of rows in memory at a time. Held as maps of their columns, the rows of a file of 14 MB took some
 * 230 MB, more than half of the service's heap on the local stack.
 */
final class ImportFile {

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
    private static final byte[] BYTE_ORDER_MARK = "\uFEFF".getBytes(StandardCharsets.UTF_8);

    private final byte[] body;
    private final String sha256;
    private final List<String> columns;
    private final int rowCount;
    private final Lines lines;

    private ImportFile(byte[] body, String sha256, List<String> columns, int rowCount, Lines lines) {
        this.body = body;
        this.sha256 = sha256;
        this.columns = columns;
        this.rowCount = rowCount;
        this.lines = lines;
    }

    /** Reads the file through once, to refuse it whole if it is not such CSV, and keeps it to read its rows again. */
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
        try (CSVParser parser = parser(new StringReader(text))) {
            List<String> columns = header(parser.getHeaderNames(), known, required);
            int rows = 0;
            for (CSVRecord ignored : parser) {
                rows++;
            }
            return new ImportFile(body, sha256(body), columns, rows, Lines.of(text));
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            String reason = e instanceof UncheckedIOException unchecked ? unchecked.getCause().getMessage()
                    : e.getMessage();
            throw invalid("the file is not RFC 4180 CSV: " + reason + "; a field with a comma, a double "
                    + "quote or a line break must be in double quotes, and a double quote inside it written twice");
        }
    }

    /** Of the bytes as uploaded: with a row's line, what makes the row's idempotency key. */
    String sha256() {
        return sha256;
    }

    /** The header's columns, in its order, named as {@link ImportColumns} names them. */
    List<String> columns() {
        return columns;
    }

    /** How many data rows the file has. */
    int rowCount() {
        return rowCount;
    }

    /** The data rows in the file's order, each read from the file when it is asked for. */
    Iterator<Row> rows() {
        boolean marked = Arrays.equals(body, 0, Math.min(body.length, BYTE_ORDER_MARK.length), BYTE_ORDER_MARK, 0,
                BYTE_ORDER_MARK.length);
        int from = marked ? BYTE_ORDER_MARK.length : 0;
        CSVParser parser;
        try {
            parser = parser(new InputStreamReader(new ByteArrayInputStream(body, from, body.length - from),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("The import file, read once, could not be read again", e);
        }
        Iterator<CSVRecord> records = parser.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public Row next() {
                CSVRecord record = records.next();
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.size() && i < record.size(); i++) {
                    values.put(columns.get(i), record.get(i));
                }
                return new Row(lines.of(record.getCharacterPosition()), values, record.size());
            }
        };
    }

    private static CSVParser parser(Reader reader) throws IOException {
        return CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
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

    /**
     * Where each line of the text begins (a line ends with CRLF, LF or a lone CR), and which lines are empty: a record
     * read after empty lines, which the format skips, starts where the first of them does, but is on the line after
     * the last of them.
     */
    private record Lines(long[] starts, BitSet empty) {

        static Lines of(String text) {
            long[] starts = new long[16];
            BitSet empty = new BitSet();
            int count = 0;
            starts[count++] = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean end = c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
                if (end) {
                    if (count == starts.length) {
                        starts = Arrays.copyOf(starts, count * 2);
                    }
                    long start = starts[count - 1];
                    if (start == i || (start == i - 1 && c == '\n' && text.charAt(i - 1) == '\r')) {
                        empty.set(count - 1);
                    }
                    starts[count++] = i + 1;
                }
            }
            return new Lines(Arrays.copyOf(starts, count), empty);
        }

        /** The line, counted from 1, of the record that starts reading at this character. */
        long of(long position) {
            int found = Arrays.binarySearch(starts, position);
            int index = found >= 0 ? found : -found - 2;
            while (empty.get(index) && index + 1 < starts.length) {
                index++;
            }
            return index + 1L;
        }
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
