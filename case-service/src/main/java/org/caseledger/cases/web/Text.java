package org.caseledger.cases.web;

import java.util.List;

/** Normalises optional text from requests: surrounding blanks go, empty means absent. */
final class Text {

    private Text() {
    }

    static String orNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    static List<String> list(List<String> texts) {
        return texts == null ? List.of() : texts.stream().map(String::strip).toList();
    }
}
