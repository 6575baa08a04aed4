package org.caseledger.projections.statistics;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the register's facilities are (BuzzFeed News — Xinjiang Camps Data, CC BY 4.0), by the id the events carry:
 * what the dashboard's map needs to put a count at its place. A facility without coordinates has no place.
 */
@Component
class FacilityPlaces {

    static final String CREDIT = "BuzzFeed News — Xinjiang Camps Data (CC BY 4.0)";
    private static final String REGISTER = "facilities/facilities.tsv";

    record Place(String id, String name, double latitude, double longitude) {
    }

    private final Map<String, Place> byId;

    FacilityPlaces() {
        this.byId = load();
    }

    Optional<Place> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    int size() {
        return byId.size();
    }

    private static Map<String, Place> load() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new ClassPathResource(REGISTER).getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = Arrays.asList(reader.readLine().split("\t", -1));
            int id = header.indexOf("id");
            int name = header.indexOf("Name");
            int latitude = header.indexOf("lat");
            int longitude = header.indexOf("long");
            Map<String, Place> places = new HashMap<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split("\t", -1);
                if (!cells[latitude].isBlank() && !cells[longitude].isBlank()) {
                    places.put(cells[id], new Place(cells[id], cells[name], Double.parseDouble(cells[latitude]),
                            Double.parseDouble(cells[longitude])));
                }
            }
            return Map.copyOf(places);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the facility register " + REGISTER, e);
        }
    }
}
