package org.caseledger.projections.readmodels;

import org.caseledger.platform.kafka.EventProjection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A read model that can be built afresh beside the live one: its consumers' names and topics, every table their
 * projections write and their queries read, and the projections themselves (without the sequence guard, which the
 * rebuild puts around each under a consumer name of its own). A table left out of {@code tables} would be written by
 * the rebuild in the live model, so each model lists them where its projection is wired.
 *
 * <p>Most models are one consumer. A group is several whose tables cannot be swapped apart: the statistics count the
 * appeals model's rows by triggers on its table, so the two are rebuilt together, under the group's name, and a
 * request for any of its consumers' names rebuilds the whole group. The triggers on the tables and the functions they
 * run are copied with the tables (see {@link RebuildTables}); {@code firstRows} are what the copy holds before its
 * first record (statements run with the copy's schema first in the search path), and {@code upkeep} is work the live
 * model has done on its tables by a schedule, which the rebuild does on the copy's as it fills them.
 *
 * @param name the model's name; for a group, the name its rebuild is on record under
 */
public record RebuildableModel(String name, List<Part> parts, List<String> tables, List<String> firstRows,
                               CopyUpkeep upkeep) {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_]+");

    /** One consumer of a read model: its name (the live consumer's), its topics and its projection. */
    public record Part(String name, List<String> topics, EventProjection projection) {

        public Part {
            topics = List.copyOf(topics);
        }

        /** The consumer (and Kafka consumer group) that builds the copy, with positions of its own. */
        String rebuildConsumer() {
            return "projections.rebuild." + name.substring(name.indexOf('.') + 1);
        }
    }

    /** Work done on the copy's tables while it is built, as a schedule does it on the live ones. */
    @FunctionalInterface
    public interface CopyUpkeep {

        /** @param schema the schema the copy's tables are in; a name of the code's own, never a request's */
        void onTablesIn(String schema);
    }

    /** A read model of one consumer, which nothing else keeps up. */
    public RebuildableModel(String name, List<String> topics, List<String> tables, EventProjection projection) {
        this(name, List.of(new Part(name, topics, projection)), tables, List.of(), schema -> {
        });
    }

    public RebuildableModel {
        parts = List.copyOf(parts);
        tables = List.copyOf(tables);
        firstRows = List.copyOf(firstRows);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("A read model of no consumer cannot be rebuilt: " + name);
        }
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("A read model of no table cannot be rebuilt: " + name);
        }
        tables.forEach(table -> {
            if (!TABLE_NAME.matcher(table).matches()) {
                throw new IllegalArgumentException("Not a table of a read model: " + table);
            }
        });
    }

    /** The names of the live consumers it rebuilds: its own name alone, or a group's members. */
    List<String> consumerNames() {
        return parts.stream().map(Part::name).toList();
    }

    /** The schema the copy is built in. */
    String buildingIn() {
        return "rebuild_" + identifier();
    }

    /** The schema the live tables are moved into by the switch, to be dropped after it. */
    String retiredInto() {
        return "retired_" + identifier();
    }

    private String identifier() {
        return name.replaceAll("[^a-z0-9]", "_");
    }
}
