package org.caseledger.projections.statistics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One bar of a breakdown.
 *
 * @param key   what the cases of this cell share, as the filter of the case list would name it
 * @param label the register's name, where the key is an id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Cell(@Schema(example = "DETAINED") String key, String label, Count count) {
}
