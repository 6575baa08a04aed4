package org.caseledger.cases.web;

import org.caseledger.platform.testing.HeapInUse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImportFileTest {

    @Test
    void readsTheRowsAgainWithTheLinesTheyStartOnAfterAByteOrderMarkAndALineBreakInAField() {
        String text = "\uFEFFname,detention_date,detention_kind,source_type,source_reference\r\n"
                + "Aygul Tursun,2018,CAMP,WITNESS_TESTIMONY,\"a neighbour,\r\nwho saw it\"\r\n"
                + "\r\n"
                + "Шайырбек Даулетхан,2017-11,PRISON,RELATIVE_TESTIMONY,\r\n"
                + "Short Row,2019\r\n";

        ImportFile file = ImportFile.read(text.getBytes(StandardCharsets.UTF_8), ImportColumns.ALL,
                ImportColumns.REQUIRED);

        assertThat(file.columns()).containsExactly("name", "detention_date", "detention_kind", "source_type",
                "source_reference");
        assertThat(file.rowCount()).isEqualTo(3);
        List<ImportFile.Row> rows = all(file.rows());
        assertThat(rows).extracting(ImportFile.Row::line).containsExactly(2L, 5L, 6L);
        assertThat(rows.get(0).values()).containsExactly(Map.entry("name", "Aygul Tursun"),
                Map.entry("detention_date", "2018"), Map.entry("detention_kind", "CAMP"),
                Map.entry("source_type", "WITNESS_TESTIMONY"), Map.entry("source_reference", "a neighbour,\r\nwho saw it"));
        assertThat(rows.get(1).values()).containsEntry("name", "Шайырбек Даулетхан").containsEntry("source_reference", "");
        assertThat(rows.get(2).fields()).isEqualTo(2);
        assertThat(all(file.rows())).as("read a second time").isEqualTo(rows);
    }

    /**
     * A file of the largest size the service takes is some 90,000 rows; held as maps of their columns, 80,000 took
     * more than half of the service's heap on the local stack, and the service spent its time collecting garbage.
     */
    @Test
    void holdsTheFileAsUploadedNotItsRows() {
        StringBuilder csv = new StringBuilder("name,name_cyrillic,detention_date,detention_kind,detention_place,"
                + "source_type,source_reference\n");
        for (int i = 0; i < 40_000; i++) {
            csv.append("Person ").append(i).append(",Персона ").append(i).append(",2018-0").append(1 + i % 9)
                    .append(",CAMP,Korla,RELATIVE_TESTIMONY,told by a relative\n");
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);

        long before = HeapInUse.afterCollecting();
        ImportFile file = ImportFile.read(body, ImportColumns.ALL, ImportColumns.REQUIRED);
        long held = HeapInUse.afterCollecting() - before;

        assertThat(file.rowCount()).isEqualTo(40_000);
        assertThat(held).as("bytes held by the file read, beside the %,d bytes uploaded", body.length)
                .isLessThan(body.length / 2);
    }

    private static List<ImportFile.Row> all(Iterator<ImportFile.Row> rows) {
        List<ImportFile.Row> all = new ArrayList<>();
        rows.forEachRemaining(all::add);
        return all;
    }
}
