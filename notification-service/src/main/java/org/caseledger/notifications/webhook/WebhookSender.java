package org.caseledger.notifications.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.caseledger.notifications.config.NotificationSettings;
import org.caseledger.notifications.delivery.ChannelSender;
import org.caseledger.notifications.delivery.OutgoingMessage;
import org.caseledger.notifications.delivery.SendResult;
import org.caseledger.notifications.subscription.Channel;
import org.caseledger.platform.json.EventJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends a message as a structured CloudEvent ({@code application/cloudevents+json}, built and written by the
 * CloudEvents SDK) signed as the Standard Webhooks specification says (its reference library makes each
 * {@code v1,} signature; during a secret rotation there is one per secret). Redirects are not followed: a receiver
 * that moved must be subscribed again, and a redirect must not lead the service where its address rules would not.
 * 2xx is delivered, 410 is gone, anything else, no answer or a refused address fails.
 */
public class WebhookSender implements ChannelSender, AutoCloseable {

    public static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE;
    public static final String SOURCE = "urn:caseledger:notification-service";
    private static final String TYPE_PREFIX = "org.caseledger.notification.";
    private static final int LONGEST_ANSWER = 500;

    private final CloseableHttpClient http;
    private final JsonFormat cloudEvents = new JsonFormat();
    private final ObjectMapper json = EventJson.mapper();

    public WebhookSender(WebhookAddresses addresses, NotificationSettings.Webhooks settings) {
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(addresses)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                                .build())
                        .setMaxConnTotal(50)
                        .setMaxConnPerRoute(5)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(settings.responseTimeout()))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent("caseledger-notification-service")
                .build();
    }

    /** The CloudEvent's type for a kind, e.g. {@code org.caseledger.notification.appeal-overdue}. */
    public static String typeOf(String kind) {
        return TYPE_PREFIX + kind.toLowerCase().replace('_', '-');
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        String body = new String(cloudEvents.serialize(cloudEvent(message)), StandardCharsets.UTF_8);
        // The receiver checks the timestamp against its own clock, so it is the wall clock's, not the service's.
        long timestamp = System.currentTimeMillis() / 1000;
        HttpPost post = new HttpPost(URI.create(message.target()));
        post.setHeader("webhook-id", message.messageId());
        post.setHeader("webhook-timestamp", Long.toString(timestamp));
        post.setHeader("webhook-signature", signatures(message, timestamp, body));
        post.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), ContentType.create(CONTENT_TYPE)));
        try {
            return http.execute(post, response -> {
                int status = response.getCode();
                String answer = answer(response.getEntity() == null ? null : response.getEntity().getContent());
                if (status >= 200 && status < 300) {
                    return SendResult.delivered(status, answer);
                }
                if (status == 410) {
                    return SendResult.gone(answer);
                }
                if (status >= 300 && status < 400 && response.getFirstHeader(HttpHeaders.LOCATION) != null) {
                    return SendResult.failed(status, "redirect to " + response.getFirstHeader(HttpHeaders.LOCATION)
                            .getValue() + " not followed; subscribe the new URL instead");
                }
                return SendResult.failed(status, answer);
            });
        } catch (ForbiddenAddress e) {
            return SendResult.failed(null, "not sent: " + e.getMessage());
        } catch (IOException e) {
            return SendResult.failed(null, "no answer: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private CloudEvent cloudEvent(OutgoingMessage message) {
        return CloudEventBuilder.v1()
                .withId(message.messageId())
                .withSource(URI.create(SOURCE))
                .withType(typeOf(message.kind().name()))
                .withSubject("cases/" + message.caseNumber())
                .withTime(message.eventTime().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(data(message))
                .build();
    }

    private byte[] data(OutgoingMessage message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", message.kind().name());
        data.put("caseNumber", message.caseNumber());
        data.put("caseId", message.caseId());
        data.put("date", message.date());
        data.put("link", message.link());
        data.putAll(message.facts());
        message.person().ifPresent(person -> data.put("person", person));
        try {
            return json.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A message cannot be written as JSON", e);
        }
    }

    private static String signatures(OutgoingMessage message, long timestamp, String body) {
        List<String> secrets = message.secrets();
        if (secrets.isEmpty()) {
            throw new IllegalStateException("Webhook message " + message.messageId() + " has no secret to sign with");
        }
        return secrets.stream().map(secret -> {
            try {
                return new Webhook(secret).sign(message.messageId(), timestamp, body);
            } catch (WebhookSigningException | EmptyWebhookSecretException e) {
                throw new IllegalStateException("Cannot sign webhook message " + message.messageId(), e);
            }
        }).collect(Collectors.joining(" "));
    }

    private static String answer(InputStream content) throws IOException {
        if (content == null) {
            return null;
        }
        try (content) {
            String text = new String(content.readNBytes(LONGEST_ANSWER), StandardCharsets.UTF_8);
            return text.replaceAll("[\\p{Cntrl}&&[^\n\t]]", " ").strip();
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
