package org.caseledger.cases.facilities;

import org.caseledger.api.cases.Facility;
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
 * The known camps, detention centres and prisons (BuzzFeed News — Xinjiang Camps Data, CC BY 4.0), by the register's
 * id. A report that names a facility carries its name as the register gave it then.
 */
@Component
public class FacilityRegister {

    private static final String REGISTER = "facilities/facilities.tsv";

    private final Map<String, Facility> byId;

    FacilityRegister() {
        this.byId = load();
    }

    public Optional<Facility> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public int size() {
        return byId.size();
    }

    private static Map<String, Facility> load() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new ClassPathResource(REGISTER).getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = Arrays.asList(reader.readLine().split("\t", -1));
            int id = header.indexOf("id");
            int name = header.indexOf("Name");
            int prefecture = header.indexOf("Prefecture");
            int type = header.indexOf("facility type");
            Map<String, Facility> facilities = new HashMap<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split("\t", -1);
                facilities.put(cells[id], new Facility(cells[id], cells[name], blankToNull(cells[prefecture]),
                        blankToNull(cells[type])));
            }
            return Map.copyOf(facilities);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the facility register " + REGISTER, e);
        }
    }

    private static String blankToNull(String cell) {
        return cell == null || cell.isBlank() ? null : cell;
    }
}
