package org.caseledger.platform.web;

import org.springframework.util.unit.DataSize;

/**
 * A larger body limit for one path than the service's default, for a request that carries a file rather than a fact
 * (an import). A service declares it as a bean; every other path keeps the default limit.
 *
 * @param path   the request path it applies to, exactly
 * @param advice what the refusal tells the client to do instead, e.g. "split the file"
 */
public record BodyAllowance(String path, DataSize maxSize, String advice) {
}
