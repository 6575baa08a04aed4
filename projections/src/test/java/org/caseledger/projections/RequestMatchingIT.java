package org.caseledger.projections;

import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security filter chain matches a request to the access rules by its path and does not first look up the Spring
 * MVC handler that would take it: DispatcherServlet looks the handler up once, after security, and nothing before it
 * (platform's PathMatching). The access rules themselves, matched that way, are AccessMatrixIT's.
 */
class RequestMatchingIT extends RunningProjections {

    /** Where Spring MVC's introspector keeps the handler it looked up for a request, while the request runs. */
    static final String LOOKED_UP = HandlerMappingIntrospector.class.getName() + ".CachedResult";

    @Autowired
    @Qualifier("springSecurityFilterChain")
    Filter securityChain;

    @Test
    void noHandlerIsLookedUpForARequestBeforeItReachesSpringMvc() throws Exception {
        // A servlet context other than the API's: the chain lets it through to what follows, which records what the
        // request carried by then.
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/cases/" + UUID.randomUUID());
        List<Object> carried = new ArrayList<>();
        securityChain.doFilter(request, new MockHttpServletResponse(),
                (passed, answered) -> carried.add(passed.getAttribute(LOOKED_UP)));
        assertThat(carried).as("what the request carried when it passed security").hasSize(1).containsOnlyNulls();
    }
}
