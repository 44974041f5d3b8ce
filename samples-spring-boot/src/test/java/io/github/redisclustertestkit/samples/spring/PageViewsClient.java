package io.github.redisclustertestkit.samples.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The service's HTTP API, as a user's browser would call it. */
final class PageViewsClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final URI base;
    private volatile String lastFailure = "none";

    PageViewsClient(int port) {
        base = URI.create("http://127.0.0.1:" + port + "/pages/");
    }

    /**
     * How long one call may take. Generous: on a loaded machine the first request, which warms the
     * service and its Redis client up, took more than 5 s.
     */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** Counts a view: the new count once the service confirms it, or -1 when it does not. */
    long view(String page) {
        return view(page, CALL_TIMEOUT);
    }

    /** {@link #view(String)} within {@code timeout}: a caller that retries cuts a hanging request short. */
    long view(String page, Duration timeout) {
        return send(HttpRequest.newBuilder(base.resolve(page + "/views")).POST(HttpRequest.BodyPublishers.noBody()),
                timeout);
    }

    /** Why the last call that returned -1 did: the status and body, or the exception; for assertion messages. */
    String lastFailure() {
        return lastFailure;
    }

    /** The count, or -1 when the service does not answer. */
    long views(String page) {
        return send(HttpRequest.newBuilder(base.resolve(page + "/views")).GET(), CALL_TIMEOUT);
    }

    private long send(HttpRequest.Builder request, Duration timeout) {
        try {
            HttpResponse<String> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return Long.parseLong(response.body());
            }
            lastFailure = "HTTP " + response.statusCode() + ": " + response.body();
            return -1;
        } catch (IOException e) {
            lastFailure = e.toString();
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
