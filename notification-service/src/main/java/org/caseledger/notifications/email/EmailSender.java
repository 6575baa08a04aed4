package org.caseledger.notifications.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.notifications.delivery.ChannelSender;
import org.caseledger.notifications.delivery.OutgoingMessage;
import org.caseledger.notifications.delivery.SendResult;
import org.caseledger.notifications.subscription.Channel;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends a message as a plain-text e-mail through the configured SMTP server (Spring's mail support: host, port,
 * STARTTLS and credentials under {@code spring.mail}). Its Message-ID is the delivery's id, the same on every
 * attempt. The mail server accepting it is delivered; anything else is tried again.
 */
public class EmailSender implements ChannelSender {

    private final JavaMailSender mail;
    private final String from;

    public EmailSender(JavaMailSender mail, String from) {
        this.mail = mail;
        this.from = from;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        try {
            MimeMessage mime = mail.createMimeMessage();
            MimeMessageHelper email = new MimeMessageHelper(mime, false, "UTF-8");
            email.setFrom(from);
            email.setTo(message.target());
            email.setSubject("Case " + message.caseNumber() + ": " + message.kind().words());
            email.setText(text(message));
            mime.setHeader("Message-ID", "<" + message.messageId() + "@caseledger>");
            mail.send(mime);
            return SendResult.delivered(null, "accepted by the mail server");
        } catch (MailException | MessagingException e) {
            return SendResult.failed(null, "not accepted: " + e.getMessage());
        }
    }

    private static String text(OutgoingMessage message) {
        StringBuilder text = new StringBuilder();
        text.append("Case ").append(message.caseNumber()).append(": ").append(message.kind().words()).append(".\n\n");
        line(text, "What", message.kind().name());
        line(text, "Case number", message.caseNumber());
        line(text, "Date", message.date());
        for (Map.Entry<String, Object> fact : message.facts().entrySet()) {
            line(text, fact.getKey(), fact.getValue());
        }
        line(text, "Link", message.link());
        message.person().ifPresentOrElse(person -> {
            line(text, "Person", person.name());
            line(text, "Also written", person.nameVariants().stream().map(NameVariant::text)
                    .collect(Collectors.joining(", ")));
        }, () -> text.append("\nThis subscription does not include personal data, so the person is not named; ")
                .append("the link leads to the case for those allowed to see it.\n"));
        text.append("\nNotification ").append(message.messageId()).append('\n');
        return text.toString();
    }

    private static void line(StringBuilder text, String label, Object value) {
        String shown = value instanceof Map<?, ?> parts
                ? parts.entrySet().stream().map(part -> part.getKey() + " " + part.getValue())
                        .collect(Collectors.joining(", "))
                : value == null ? null : value.toString();
        if (shown != null && !shown.isBlank()) {
            text.append(label).append(": ").append(shown).append('\n');
        }
    }
}
