package io.github.redisclustertestkit.samples.spring;

import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /pages/{page}/views} counts a view and answers the new count once
 * {@code pageviews.ack-replicas} replicas have it (Redis {@code WAIT}), else 503: a view it
 * answered 200 for survives the loss of the master. {@code GET} reads the count, from a replica
 * when the client reads from replicas ({@code spring.data.redis.lettuce.read-from}).
 */
@RestController
class PageViewsController {

    private static final long WAIT_MILLIS = 1000;

    private final StringRedisTemplate redis;
    private final int ackReplicas;

    PageViewsController(StringRedisTemplate redis, @Value("${pageviews.ack-replicas}") int ackReplicas) {
        this.redis = redis;
        this.ackReplicas = ackReplicas;
    }

    @PostMapping("/pages/{page}/views")
    ResponseEntity<String> view(@PathVariable("page") String page) {
        Long count = redis.execute((RedisCallback<Long>) connection -> {
            Long n = connection.stringCommands().incr(key(page));
            return waitForReplicas(connection) >= ackReplicas ? n : null;
        });
        return count == null ? ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("not replicated")
                : ResponseEntity.ok(String.valueOf(count));
    }

    @GetMapping("/pages/{page}/views")
    String views(@PathVariable("page") String page) {
        String count = redis.opsForValue().get("views:" + page);
        return count == null ? "0" : count;
    }

    /** Redis unreachable, e.g. while the shard fails over: the client may retry. */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<String> unavailable(DataAccessException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(e.getMessage());
    }

    /** WAIT on the connection that just wrote: Spring Data Redis has no command for it. */
    private long waitForReplicas(RedisConnection connection) {
        Object client = connection.getNativeConnection();
        if (client instanceof Jedis jedis) {
            return jedis.waitReplicas(ackReplicas, WAIT_MILLIS);
        }
        try {
            return ((BaseRedisAsyncCommands<?, ?>) client).waitForReplication(ackReplicas, WAIT_MILLIS)
                    .get(WAIT_MILLIS * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return 0; // not confirmed: the caller answers 503
        }
    }

    private static byte[] key(String page) {
        return ("views:" + page).getBytes(StandardCharsets.UTF_8);
    }
}
