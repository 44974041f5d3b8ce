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

    /** Counts a view: the new count once the service confirms it, or -1 when it does not. */
    long view(String page) {
        return send(HttpRequest.newBuilder(base.resolve(page + "/views")).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Why the last call that returned -1 did: the status and body, or the exception; for assertion messages. */
    String lastFailure() {
        return lastFailure;
    }

    /** The count, or -1 when the service does not answer. */
    long views(String page) {
        return send(HttpRequest.newBuilder(base.resolve(page + "/views")).GET());
    }

    private long send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(5)).build(),
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
