package org.peersupport.bench.warm;

import java.time.Duration;

/** Loads a recording in a benchmark's JVM and checks that its replay answers as the recording did. */
final class Replay {
    private Replay() {
    }

    static Recording.Served served(String name, Duration listingTtl) throws Exception {
        return served(name, listingTtl, false);
    }

    static Recording.Served served(String name, Duration listingTtl, boolean renderEveryRequest) throws Exception {
        // Never contacted (the canned client answers); set so no client looks for a real endpoint.
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:9");
        Recording recording = Recording.load(name);
        Recording.Served served = recording.replay(listingTtl, renderEveryRequest);
        int status = served.serve();
        if (status >= 300) {
            throw new IllegalStateException(name + " replayed with status " + status);
        }
        // Handlers log a JSON line per request to standard output, as on Lambda (where a pipe takes
        // it); here the lines are encoded and dropped, so the console is not flooded.
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream(), false, "UTF-8"));
        return served;
    }
}
