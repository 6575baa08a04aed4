package org.caseledger.notifications.web;

import org.caseledger.notifications.subscription.SubscriptionRefused;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The problems particular to notifications, in the same {@code application/problem+json} shape as every other. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class Problems {

    @ExceptionHandler(SubscriptionRefused.class)
    ProblemDetail onRefused(SubscriptionRefused refused) {
        HttpStatus status = refused.unprocessable() ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, refused.getMessage());
        problem.setTitle(refused.unprocessable() ? "Cannot be accepted" : "Invalid request");
        problem.setProperty("field", refused.field());
        return problem;
    }

    static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, "Not found", detail);
    }

    static ErrorResponseException conflict(String detail) {
        return problem(HttpStatus.CONFLICT, "Not possible now", detail);
    }

    static ErrorResponseException invalid(String field, String detail) {
        ErrorResponseException problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + detail);
        problem.getBody().setProperty("field", field);
        return problem;
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
