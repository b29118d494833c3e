package org.peersupport.local.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.peersupport.local.lambda.FunctionError;
import org.peersupport.local.lambda.LambdaFunction;
import org.peersupport.shared.Log;
import org.peersupport.shared.json.Json;

/**
 * A function's {@code SNS} event: its subscription to a topic. Nothing publishes to a topic on the
 * local endpoint by itself (moto does not publish SES's bounce and complaint events), so a message
 * is delivered when one is played ({@code POST /_local/sns/{TopicLogicalId}}), in the event SNS
 * gives Lambda: one record, the message as a string, the topic's ARN.
 */
public final class SnsSubscription implements EventSource {
    private final LambdaFunction function;
    private final String eventName;
    private final String topicArn;
    private final String region;
    private final String accountId;

    public SnsSubscription(LambdaFunction function, String eventName, String topicArn, String region, String accountId) {
        this.function = function;
        this.eventName = eventName;
        this.topicArn = topicArn;
        this.region = region;
        this.accountId = accountId;
    }

    static EventSource create(EventSources.Context context, LambdaFunction function, String name, Map<String, Object> p) {
        return new SnsSubscription(function, name, String.valueOf(p.get("Topic")), context.region(),
                org.peersupport.testkit.LocalDeployment.ACCOUNT_ID);
    }

    public String topicArn() {
        return topicArn;
    }

    public LambdaFunction function() {
        return function;
    }

    /** Delivers {@code message} as SNS would, and returns the function's result. */
    public String deliver(String message) throws FunctionError {
        String result = function.invoke(event(message, Instant.now()));
        Log.info("local.sns.delivered", "function", function.logicalId(), "event", eventName);
        return result;
    }

    String event(String message, Instant now) {
        String messageId = UUID.randomUUID().toString();
        return Json.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("Records");
            json.writeStartObject();
            json.writeStringField("EventSource", "aws:sns");
            json.writeStringField("EventVersion", "1.0");
            json.writeStringField("EventSubscriptionArn", topicArn + ":" + UUID.nameUUIDFromBytes(
                    (topicArn + function.functionName()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            json.writeObjectFieldStart("Sns");
            json.writeStringField("Type", "Notification");
            json.writeStringField("MessageId", messageId);
            json.writeStringField("TopicArn", topicArn);
            json.writeNullField("Subject");
            json.writeStringField("Message", message);
            json.writeStringField("Timestamp", now.truncatedTo(ChronoUnit.MILLIS).toString());
            json.writeStringField("SignatureVersion", "1");
            json.writeStringField("Signature", "local");
            json.writeStringField("SigningCertUrl", "https://sns." + region + ".amazonaws.com/local.pem");
            json.writeStringField("UnsubscribeUrl", "https://sns." + region + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                    + topicArn + "&account=" + accountId);
            json.writeObjectFieldStart("MessageAttributes");
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    @Override
    public void start() {
        // delivers only what is played
    }

    @Override
    public String describe() {
        return function.logicalId() + "." + eventName + ": SNS " + topicArn.substring(topicArn.lastIndexOf(':') + 1)
                + " (POST /_local/sns/...)";
    }

    @Override
    public void close() {
    }
}
