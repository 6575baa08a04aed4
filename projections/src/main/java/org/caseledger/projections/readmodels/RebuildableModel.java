package org.caseledger.projections.readmodels;

import org.caseledger.platform.kafka.EventProjection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A read model that can be built afresh beside the live one: its consumer's name and topics, every table its
 * projection writes and its queries read, and the projection itself (without the sequence guard, which the rebuild
 * puts around it under a consumer name of its own). A table left out of {@code tables} would be written by the
 * rebuild in the live model, so each model lists them where its projection is wired.
 */
public record RebuildableModel(String name, List<String> topics, List<String> tables, EventProjection projection) {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_]+");

    public RebuildableModel {
        topics = List.copyOf(topics);
        tables = List.copyOf(tables);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("A read model of no table cannot be rebuilt: " + name);
        }
        tables.forEach(table -> {
            if (!TABLE_NAME.matcher(table).matches()) {
                throw new IllegalArgumentException("Not a table of a read model: " + table);
            }
        });
    }

    /** The consumer (and Kafka consumer group) that builds the copy, with positions of its own. */
    String rebuildConsumer() {
        return "projections.rebuild." + name.substring(name.indexOf('.') + 1);
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
