package org.caseledger.notifications.delivery;

/** What a channel made of one attempt. */
public record SendResult(Attempt.Outcome outcome, Integer statusCode, String answer) {

    public static SendResult delivered(Integer statusCode, String answer) {
        return new SendResult(Attempt.Outcome.DELIVERED, statusCode, answer);
    }

    public static SendResult failed(Integer statusCode, String answer) {
        return new SendResult(Attempt.Outcome.FAILED, statusCode, answer);
    }

    public static SendResult gone(String answer) {
        return new SendResult(Attempt.Outcome.GONE, 410, answer);
    }
}
