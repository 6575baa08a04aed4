package org.caseledger.appeals.web;

import org.caseledger.appeals.command.CommandRejected;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The problems particular to appeals, in the same {@code application/problem+json} shape as every other. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class Problems {

    @ExceptionHandler(CommandRejected.class)
    ProblemDetail onRejected(CommandRejected rejected) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, rejected.getMessage());
        problem.setTitle("Contradicts the record");
        return problem;
    }

    /** A well-formed request naming something this service cannot accept it for (an unknown case). */
    static ErrorResponseException unprocessable(String field, String detail) {
        return fieldProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Cannot be recorded", field, detail);
    }

    static ErrorResponseException invalid(String field, String detail) {
        return fieldProblem(HttpStatus.BAD_REQUEST, "Invalid request", field, detail);
    }

    static ErrorResponseException notFound(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setTitle("Not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    private static ErrorResponseException fieldProblem(HttpStatus status, String title, String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, field + ": " + detail);
        problem.setTitle(title);
        problem.setProperty("field", field);
        return new ErrorResponseException(status, problem, null);
    }
}
