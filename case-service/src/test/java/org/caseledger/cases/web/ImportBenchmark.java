package org.caseledger.cases.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.SignedInClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test of the default build (run it by name, docs/imports.md): how many rows per second an import records,
 * through the real service on the real PostgreSQL, one upload of a generated file of a few thousand people in four
 * scripts, a third of them with a status fact; then the same file again, which records nothing. The rows a
 * transaction takes are the service's setting ({@code -Dcaseledger.imports.rows-per-transaction=N} to change it).
 */
class ImportBenchmark extends RunningCaseService {

    private static final List<String> NAMES = List.of("Nurlan Kokteubaev", "Шайырбек Даулетхан", "ئابدۇرېھىم ھېيت",
            "古丽巴哈尔·海力瓦吉", "Tursun, Abdulla \"Aka\"", "Әділ Қожахмет");
    private static final List<String> KINDS = List.of("CAMP", "CAMP", "CAMP", "PRETRIAL", "PRISON", "POLICE_CUSTODY");

    private final ObjectMapper json = new ObjectMapper();

    @Value("${caseledger.imports.rows-per-transaction:100}")
    int rowsPerTransaction;

    @Test
    void measure() throws Exception {
        int rows = Integer.getInteger("caseledger.benchmark.rows", 3000);
        byte[] file = generated(rows, new Random(rows));

        long started = System.nanoTime();
        JsonNode first = upload(file);
        double seconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        JsonNode again = upload(file);
        double againSeconds = (System.nanoTime() - started) / 1e9;

        assertThat(first.get("casesOpened").asInt()).isEqualTo(rows);
        assertThat(first.get("refused")).isEmpty();
        assertThat(again.get("alreadyImported").asInt()).isEqualTo(rows);
        String report = String.format(Locale.ROOT, """
                        import of %d rows (%d bytes, %d facts), one upload, rows one after another, up to %d to a \
                        transaction
                          first upload: %.1f s, %.1f rows/s, %.1f facts/s
                          same file again (nothing recorded): %.1f s, %.1f rows/s
                        """, rows, file.length, first.get("factsRecorded").asLong(), rowsPerTransaction, seconds,
                rows / seconds, first.get("factsRecorded").asLong() / seconds, againSeconds, rows / againSeconds);
        System.out.print(report);
        Files.writeString(Path.of("target", "import-benchmark.txt"), report);
    }

    private JsonNode upload(byte[] file) throws Exception {
        HttpHeaders headers = SignedInClient.as(Role.OPERATOR);
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        ResponseEntity<String> answer = http.postForEntity("/api/imports", new HttpEntity<>(file, headers), String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(answer.getBody());
    }

    private static byte[] generated(int rows, Random random) {
        StringBuilder csv = new StringBuilder("name,name_latin,gender,birth_year,hometown_prefecture,detention_date,"
                + "detention_kind,sentence_date,sentence_years,release_date,release_conditions,death_date,"
                + "source_type,source_reference\n");
        for (int i = 0; i < rows; i++) {
            String name = NAMES.get(i % NAMES.size()) + " " + i;
            int detained = 2017 + random.nextInt(3);
            csv.append(quoted(name)).append(",Person ").append(i).append(',')
                    .append(random.nextBoolean() ? "MALE" : "FEMALE").append(',')
                    .append(1950 + random.nextInt(50)).append(",Ili,")
                    .append(detained).append('-').append(String.format("%02d", 1 + random.nextInt(12))).append(',')
                    .append(KINDS.get(random.nextInt(KINDS.size()))).append(',');
            int fact = i % 6;
            csv.append(fact == 1 ? (detained + 1) + ",10," : ",,");
            csv.append(fact == 2 ? (detained + 1) + ",SURVEILLANCE," : ",,");
            csv.append(fact == 3 ? String.valueOf(detained + 2) : "");
            csv.append(",RELATIVE_TESTIMONY,benchmark\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }
}
