package org.peersupport.shared.aws;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.peersupport.shared.Log;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.json.MalformedJsonException;

/** The event a stream, a queue or a schedule invokes a function with. */
public final class LambdaEvent {
    private LambdaEvent() {
    }

    /**
     * The event as a JSON object. Anything else is logged as {@code unreadable} (an event name such
     * as {@code "notices.unreadable_event"}) and refused, so that Lambda retries it and, in the end,
     * hands it to the function's failure destination.
     */
    public static Map<String, Object> read(InputStream input, String unreadable) throws IOException {
        try {
            return Json.parseObject(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            Log.error(unreadable, e);
            throw new IllegalArgumentException("The event is not JSON");
        }
    }
}
