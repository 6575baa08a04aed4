package org.caseledger.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;

import java.io.IOException;

/**
 * Text in request bodies is text that was sent as text, and what a person can type: no number or true where text is
 * expected (it would be stored as a text the client never wrote), no control characters but tab and line breaks, and
 * no broken UTF-16. Such characters cannot be stored in PostgreSQL text (NUL), are invisible in a record meant to be
 * read, or would not come back as they were sent; they are refused with the position of the first one.
 */
class PlainText extends StringDeserializer {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (!parser.hasToken(JsonToken.VALUE_STRING)) {
            return (String) context.handleUnexpectedToken(String.class, parser);
        }
        String text = parser.getText();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
            boolean brokenPair = Character.isHighSurrogate(c)
                    ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(++i))
                    : Character.isLowSurrogate(c);
            if (control || brokenPair) {
                return (String) context.handleWeirdStringValue(String.class, text,
                        "contains %s at position %d; remove it",
                        control ? String.format("the control character U+%04X", (int) c) : "a broken UTF-16 character",
                        control ? i : i - 1);
            }
        }
        return text;
    }
}
