package org.caseledger.projections.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names are answered in the bytes they were recorded in. Jackson otherwise writes a character beyond the Basic
 * Multilingual Plane (an emoji, a rare CJK ideograph) as two escaped surrogates: valid JSON, but not the UTF-8 of the
 * name, so a client comparing bytes, or reading the raw body, would not find the name it recorded.
 */
@Configuration
class JsonConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer namesInTheirOwnBytes() {
        return builder -> builder.factory(JsonFactory.builder()
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build());
    }
}
