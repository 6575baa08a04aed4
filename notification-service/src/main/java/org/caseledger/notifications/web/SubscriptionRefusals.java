package org.caseledger.notifications.web;

import org.caseledger.notifications.subscription.SubscriptionRefused;
import org.caseledger.platform.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The one refusal particular to notifications, answered through the platform's problem factory like every other:
 * the same titles and shape in every service.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class SubscriptionRefusals {

    @ExceptionHandler(SubscriptionRefused.class)
    ProblemDetail onRefused(SubscriptionRefused refused) {
        HttpStatus status = refused.unprocessable() ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.BAD_REQUEST;
        return Problems.problem(status, refused.field(), refused.reason());
    }
}
