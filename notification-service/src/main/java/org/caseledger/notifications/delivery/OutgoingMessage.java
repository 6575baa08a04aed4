package org.caseledger.notifications.delivery;

import org.caseledger.notifications.notice.EventKind;
import org.caseledger.notifications.personaldata.DisclosedPerson;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A message as every channel renders it: the case by its number, the kind, the date of what happened and a link;
 * the person only where the subscription may include personal data.
 *
 * @param target   the webhook URL or the e-mail address
 * @param secrets  the secrets a webhook is signed with, newest first; empty for e-mail
 * @param facts    the notice's facts, with the authority's name where an appeal is concerned
 */
public record OutgoingMessage(String messageId,
                              EventKind kind,
                              String caseId,
                              long caseNumber,
                              Instant eventTime,
                              String date,
                              String link,
                              Map<String, Object> facts,
                              Optional<DisclosedPerson> person,
                              String target,
                              List<String> secrets) {
}
