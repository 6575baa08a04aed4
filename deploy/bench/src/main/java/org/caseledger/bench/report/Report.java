package org.caseledger.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one run measured: the rows of the table, in the order they were measured, and the details behind them
 * (per-phase CPU by process, counts) that only the JSON carries. Rows are added from one thread at a time.
 */
public final class Report {

    private static final int FIGURE = 50;
    private static final int VALUE = 16;
    private static final int RATIO = 9;
    private static final int LIMIT = 50;
    private static final int TARGET = 18;

    private final List<String> heading = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();

    public void heading(String line) {
        heading.add(line);
    }

    public void add(Row row) {
        rows.add(row);
    }

    public void detail(String key, Object value) {
        details.put(key, value);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public Map<String, Object> details() {
        return Map.copyOf(details);
    }

    public String table() {
        StringBuilder table = new StringBuilder();
        heading.forEach(line -> table.append(line).append('\n'));
        table.append('\n').append(pad("figure", FIGURE)).append(left("value", VALUE)).append(left("/ limit", RATIO))
                .append("  ").append(pad("limit (measured in this run)", LIMIT)).append(pad("target (#13)", TARGET))
                .append("note\n");
        String section = null;
        for (Row row : rows) {
            if (!Objects.equals(section, row.section())) {
                section = row.section();
                table.append('\n').append(section).append('\n');
            }
            table.append(pad("  " + row.figure(), FIGURE))
                    .append(left(row.value() == null ? "—" : number(row.value()) + " " + row.unit(), VALUE))
                    .append(left(ratio(row.ratio()), RATIO)).append("  ")
                    .append(pad(row.limit() == null ? "" : row.limit().name() + " " + number(row.limit().value())
                            + " " + row.limit().unit(), LIMIT))
                    .append(pad(target(row), TARGET))
                    .append(row.note() == null ? "" : row.note())
                    .append('\n');
        }
        return table.toString();
    }

    public void writeJson(Path file, Map<String, Object> run) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>(run);
        document.put("heading", heading);
        List<Map<String, Object>> table = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("section", row.section());
            entry.put("figure", row.figure());
            entry.put("value", row.value());
            entry.put("unit", row.unit());
            entry.put("better", row.better());
            entry.put("limit", row.limit());
            entry.put("ratioToLimit", row.ratio());
            entry.put("target", row.target());
            entry.put("meetsTarget", row.meetsTarget());
            entry.put("note", row.note());
            table.add(entry);
        }
        document.put("rows", table);
        document.put("details", details);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().registerModule(new JavaTimeModule())
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .writeValue(file.toFile(), document);
    }

    /** A figure as the table shows it: whole above 100, else to three significant digits or so. */
    public static String number(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 100 || value == Math.rint(value) && magnitude >= 10) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A fraction of the limit as a percentage, a multiple of it as ×n. */
    static String ratio(Double ratio) {
        if (ratio == null) {
            return "";
        }
        if (ratio < 1) {
            double percent = ratio * 100;
            return String.format(Locale.ROOT, percent >= 10 ? "%.0f%%" : percent >= 1 ? "%.1f%%" : "%.2f%%", percent);
        }
        return "×" + number(ratio);
    }

    private static String target(Row row) {
        if (row.target() == null) {
            return "";
        }
        String bound = (row.better() == Row.Better.LOWER ? "≤ " : "≥ ") + number(row.target().value()) + " "
                + row.target().unit();
        Boolean met = row.meetsTarget();
        return met == null ? bound : bound + (met ? " met" : " missed");
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    private static String left(String text, int width) {
        return text.length() >= width ? " " + text : " ".repeat(width - text.length()) + text;
    }
}
