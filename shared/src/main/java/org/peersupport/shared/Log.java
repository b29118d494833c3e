package org.peersupport.shared;

import java.time.Instant;
import org.peersupport.shared.json.Json;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * One JSON object per line on standard output, which Lambda sends to the function's log group.
 * Callers pass an event name and key/value pairs of ids, counts and reasons; there is no way to
 * log a request body or free text, and exceptions are reduced to their type and AWS error code,
 * because their messages can quote what was sent.
 */
public final class Log {
    private Log() {
    }

    public static void info(String event, Object... keyValues) {
        write("INFO", event, null, keyValues);
    }

    public static void warn(String event, Object... keyValues) {
        write("WARN", event, null, keyValues);
    }

    public static void error(String event, Throwable error, Object... keyValues) {
        write("ERROR", event, error, keyValues);
    }

    private static void write(String level, String event, Throwable error, Object... keyValues) {
        String line = Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("time", Instant.now().toString());
            json.writeStringField("level", level);
            json.writeStringField("event", event);
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                Object value = keyValues[i + 1];
                String key = String.valueOf(keyValues[i]);
                if (value instanceof Number n) {
                    json.writeNumberField(key, n.longValue());
                } else if (value instanceof Boolean b) {
                    json.writeBooleanField(key, b);
                } else if (value != null) {
                    json.writeStringField(key, value.toString());
                }
            }
            if (error != null) {
                json.writeStringField("errorType", error.getClass().getName());
                // Only an SDK exception touches the SDK's classes, so a function without the SDK
                // (the console's) can log any other exception.
                if (error.getClass().getName().startsWith("software.amazon.awssdk.")) {
                    if (error instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
                        json.writeStringField("awsErrorCode", aws.awsErrorDetails().errorCode());
                    }
                    if (error instanceof SdkServiceException sdk) {
                        json.writeNumberField("statusCode", sdk.statusCode());
                        if (sdk.requestId() != null) {
                            json.writeStringField("awsRequestId", sdk.requestId());
                        }
                    }
                }
                StackTraceElement[] trace = error.getStackTrace();
                if (trace.length > 0) {
                    json.writeStringField("at", trace[0].toString());
                }
            }
            json.writeEndObject();
        });
        System.out.println(line);
    }
}
