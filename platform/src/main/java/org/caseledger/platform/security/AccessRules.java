package org.caseledger.platform.security;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A service's route table: every operation of its API and the lowest role that may call it. The one place a reader
 * looks to learn who may do what; the platform enforces it, names the role in each 403 and in the OpenAPI
 * description, and refuses whatever the table does not list. Health is open to all and is not listed here.
 */
public final class AccessRules {

    private final List<Route> routes;

    private AccessRules(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Route> routes() {
        return routes;
    }

    /** The route a request or an operation's path falls under; path templates ({caseId}) match a {@code *}. */
    public Optional<Route> find(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return routes.stream()
                .filter(route -> route.method().equals(method))
                .filter(route -> PATTERNS.parse(route.pattern()).matches(container))
                .findFirst();
    }

    private static final PathPatternParser PATTERNS = new PathPatternParser();

    public static final class Builder {

        private final List<Route> routes = new ArrayList<>();

        /** The role and every role above it may call this. */
        public Builder allow(HttpMethod method, String pattern, Role lowest) {
            return add(new Route(method, pattern, lowest.andAbove(), false));
        }

        /** A statistic without personal data: every role, and anyone where statistics are public. */
        public Builder statistics(HttpMethod method, String pattern) {
            return add(new Route(method, pattern, Role.VIEWER.andAbove(), true));
        }

        private Builder add(Route route) {
            PathPattern parsed = PATTERNS.parse(route.pattern());
            if (parsed.getPatternString().contains("{")) {
                throw new IllegalArgumentException("Write a path variable as *: " + route.pattern());
            }
            routes.add(route);
            return this;
        }

        public AccessRules build() {
            return new AccessRules(routes);
        }
    }
}
