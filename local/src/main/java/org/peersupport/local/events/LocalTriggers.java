package org.peersupport.local.events;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.peersupport.local.gateway.Gateway;
import org.peersupport.local.gateway.HttpRequest;
import org.peersupport.local.gateway.HttpResponse;
import org.peersupport.local.lambda.FunctionError;
import org.peersupport.shared.json.Json;
import org.peersupport.testkit.LocalDeployment;

/**
 * Plays the events no request brings, so any moment and any SES notification can be tried locally:
 *
 * <ul>
 * <li>{@code POST /_local/schedules/{FunctionLogicalId}?time=<ISO instant>}: that function's
 *     schedule event with that {@code time} (default: now), answered 200 once the function has
 *     returned, with its result;</li>
 * <li>{@code POST /_local/sns/{TopicLogicalId}} with a body: that body, as the message, to each
 *     of the topic's Lambda subscribers as SNS delivers it, answered 200 once they have returned.</li>
 * </ul>
 *
 * A function that fails answers 502 with its error's type (no message: it could hold personal data).
 */
public final class LocalTriggers implements Gateway.Endpoint {
    public static final String SCHEDULES = "/_local/schedules/";
    public static final String SNS = "/_local/sns/";

    private final LocalDeployment deployment;
    private final Supplier<List<EventSource>> sources;

    public LocalTriggers(LocalDeployment deployment, Supplier<List<EventSource>> sources) {
        this.deployment = deployment;
        this.sources = sources;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws IOException {
        String path = request.path();
        if (!path.startsWith(SCHEDULES) && !path.startsWith(SNS)) {
            return null;
        }
        if (!request.method().equals("POST")) {
            return HttpResponse.methodNotAllowed("POST");
        }
        return path.startsWith(SCHEDULES) ? schedule(path.substring(SCHEDULES.length()), request)
                : sns(path.substring(SNS.length()), request);
    }

    private HttpResponse schedule(String functionId, HttpRequest request) {
        Instant time = Instant.now();
        String given = queryValue(request.rawQuery(), "time");
        if (given != null) {
            try {
                time = Instant.parse(given);
            } catch (DateTimeParseException e) {
                return error(400, "time must be an ISO-8601 instant, e.g. 2027-02-02T01:30:00Z");
            }
        }
        ScheduleSource schedule = null;
        for (EventSource source : sources.get()) {
            if (source instanceof ScheduleSource s && s.function().logicalId().equals(functionId)) {
                schedule = s;
                break;
            }
        }
        if (schedule == null) {
            return error(404, "No function of that name has a schedule in template.yaml");
        }
        try {
            String result = schedule.invokeAt(time);
            String at = time.toString();
            return HttpResponse.local(200, Json.write(json -> {
                json.writeStartObject();
                json.writeStringField("function", functionId);
                json.writeStringField("time", at);
                json.writeFieldName("result");
                Json.writeValue(json, parsed(result));
                json.writeEndObject();
            }).getBytes(StandardCharsets.UTF_8));
        } catch (FunctionError e) {
            return error(502, "The function failed: " + e.kind().name());
        }
    }

    private HttpResponse sns(String topicId, HttpRequest request) {
        String arn;
        try {
            arn = deployment.physicalId(topicId);
        } catch (RuntimeException e) {
            return error(404, "No topic of that name in template.yaml");
        }
        List<SnsSubscription> subscribers = new ArrayList<>();
        for (EventSource source : sources.get()) {
            if (source instanceof SnsSubscription s && s.topicArn().equals(arn)) {
                subscribers.add(s);
            }
        }
        if (subscribers.isEmpty()) {
            return error(404, "No function subscribes to that topic in template.yaml");
        }
        String message = new String(request.body(), StandardCharsets.UTF_8);
        List<String> delivered = new ArrayList<>();
        for (SnsSubscription subscriber : subscribers) {
            try {
                subscriber.deliver(message);
                delivered.add(subscriber.function().logicalId());
            } catch (FunctionError e) {
                return error(502, "The function " + subscriber.function().logicalId() + " failed: " + e.kind().name());
            }
        }
        return HttpResponse.local(200, Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("topic", topicId);
            Json.array(json, "deliveredTo", delivered);
            json.writeEndObject();
        }).getBytes(StandardCharsets.UTF_8));
    }

    private static Object parsed(String result) {
        try {
            return Json.parse(result);
        } catch (RuntimeException notJson) {
            return result;
        }
    }

    private static HttpResponse error(int status, String message) {
        return HttpResponse.local(status, Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        }).getBytes(StandardCharsets.UTF_8));
    }

    static String queryValue(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
