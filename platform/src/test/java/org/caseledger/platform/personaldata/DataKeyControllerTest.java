package org.caseledger.platform.personaldata;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the key channel refuses before it reads a key: the ids a consumer's request for keys must leave out. */
class DataKeyControllerTest {

    private final DataKeyController controller = new DataKeyController(null);

    @Test
    void aSubjectIdIsOneToAHundredCharactersNotBlank() {
        assertThat(DataKeyController.takes("x".repeat(100))).isTrue();
        assertThat(DataKeyController.takes("x".repeat(101))).isFalse();
        assertThat(DataKeyController.takes(" ")).isFalse();

        for (String refused : List.of(" ", "x".repeat(101))) {
            assertThatThrownBy(() -> controller.keysOf(List.of("case-1", refused)))
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST))
                    .hasMessageContaining("subject");
            assertThatThrownBy(() -> controller.keysOfPosted(new DataKeyController.SubjectsAsked(
                    List.of("case-1", refused))))
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST))
                    .hasMessageContaining("subjects");
        }
    }

    @Test
    void aPostedRequestNamesOneToAThousandSubjectsNoneOfThemNull() {
        List<String> thousandAndOne = IntStream.range(0, 1_001).mapToObj(i -> "case-" + i).toList();
        List<String> withNull = new ArrayList<>(List.of("case-1"));
        withNull.add(null);

        for (List<String> refused : Arrays.asList(null, List.<String>of(), thousandAndOne, withNull)) {
            assertThatThrownBy(() -> controller.keysOfPosted(new DataKeyController.SubjectsAsked(refused)))
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.getBody().getProperties()).containsEntry("field", "subjects"));
        }
    }

    @Test
    void aRequestNamesAtMostTwoHundredSubjects() {
        List<String> subjects = IntStream.range(0, 201).mapToObj(i -> "case-" + i).toList();

        assertThatThrownBy(() -> controller.keysOf(subjects)).isInstanceOf(ErrorResponseException.class);
    }
}
