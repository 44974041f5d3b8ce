package io.github.redisclustertestkit.internal.probe;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.github.redisclustertestkit.internal.probe.FakeRespServer.bulk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RespClientTest {

    @Test
    void parsesInfo() {
        assertThat(RespClient.parseInfo("# Replication\r\nrole:master\r\nconnected_slaves:2\r\n\r\n"))
                .containsEntry("role", "master")
                .containsEntry("connected_slaves", "2")
                .hasSize(2);
    }

    @Test
    void turnsFlatSentinelRepliesIntoMaps() {
        assertThat(RespClient.pairs(List.of("name", "shard-0", "port", "7000")))
                .containsEntry("name", "shard-0").containsEntry("port", "7000");
    }

    /** A loopback server that answers one canned reply to the first command it reads. */
    @Test
    void readsEveryReplyTypeAndSendsCommandsAsArrays() throws Exception {
        String reply = "*4\r\n+OK\r\n:42\r\n$5\r\nhello\r\n*-1\r\n";
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> serveOnce(server, reply));
            try (RespClient client = RespClient.connect("127.0.0.1", server.getLocalPort(), null, Duration.ofSeconds(2))) {
                assertThat(client.call("SENTINEL", "get-master-addr-by-name", "shard-0"))
                        .isEqualTo(java.util.Arrays.asList("OK", 42L, "hello", null));
            }
            assertThat(received.get()).startsWith("*3\r\n$8\r\nSENTINEL\r\n$23\r\nget-master-addr-by-name\r\n$7\r\nshard-0\r\n");
        }
    }

    @Test
    void anErrorReplyIsAnAnswerNotAnIoFailureAndTheConnectionStaysUsable() throws Exception {
        try (FakeRespServer server = new FakeRespServer((n, command) -> command.get(0).equals("PING")
                ? "-LOADING Redis is loading the dataset in memory\r\n" : "+OK\r\n");
             RespClient client = RespClient.connect("127.0.0.1", server.port(), null, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> client.call("PING"))
                    .isInstanceOf(RespErrorException.class)
                    .isNotInstanceOf(IOException.class)
                    .hasMessage("answered -LOADING Redis is loading the dataset in memory")
                    .satisfies(e -> assertThat(((RespErrorException) e).code()).isEqualTo("LOADING"));
            assertThat(client.call("ECHO", "still in step")).isEqualTo("OK");
        }
    }

    @Test
    void aMalformedLengthIsAProtocolErrorThatQuotesTheBytes() throws Exception {
        try (FakeRespServer server = new FakeRespServer((n, command) -> "$1x\r\nab\r\n");
             RespClient client = RespClient.connect("127.0.0.1", server.port(), null, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> client.call("GET", "k"))
                    .isInstanceOf(RespProtocolException.class)
                    .hasMessage("malformed RESP number: '$1x'");
        }
    }

    @Test
    void aLineWithoutCrlfIsQuotedWithItsControlBytesEscaped() {
        assertThat(RespClient.quote("+OK\r\u0001\u00e9")).isEqualTo("'+OK\\r\\x01\\xe9'");
    }

    /** The rest of a reply cut by a timeout must not be read as the next reply. */
    @Test
    void aTimeoutInsideAReplyClosesTheConnection() throws Exception {
        try (FakeRespServer server = new FakeRespServer((n, command) -> command.get(0).equals("GET")
                ? "$11\r\nhello" : "+PONG\r\n");
             RespClient client = RespClient.connect("127.0.0.1", server.port(), null, Duration.ofMillis(200))) {
            assertThatThrownBy(() -> client.call("GET", "k"))
                    .isInstanceOf(RespProtocolException.class)
                    .hasMessageContaining("timed out inside a reply; connection closed");
            assertThatThrownBy(() -> client.call("PING")).isInstanceOf(IOException.class);
        }
    }

    /** A reply that comes after its command timed out must not be taken for the next command's. */
    @Test
    void aTimeoutAwaitingAnAnswerClosesTheConnection() throws Exception {
        try (FakeRespServer server = new FakeRespServer((n, command) -> {
            if (command.get(1).equals("late")) {
                Thread.sleep(400);
            }
            return bulk(command.get(1));
        });
             RespClient client = RespClient.connect("127.0.0.1", server.port(), null, Duration.ofMillis(200))) {
            assertThatThrownBy(() -> client.call("ECHO", "late")).isInstanceOf(SocketTimeoutException.class);
            Thread.sleep(400);
            assertThatThrownBy(() -> client.call("ECHO", "next")).isInstanceOf(IOException.class);
        }
    }

    /**
     * A server that never answers, a 30 s timeout and a deadline 300 ms away: the wait ends at the
     * deadline. The bound allows a loaded machine seconds of lateness, yet is far below the 30 s
     * that a wait ignoring the deadline would take.
     */
    @Test
    void aDeadlineBoundsEveryWait() throws Exception {
        long began = System.nanoTime();
        try (FakeRespServer server = new FakeRespServer((n, command) -> null);
             RespClient client = RespClient.connectBefore("127.0.0.1", server.port(), null, Duration.ofSeconds(30),
                     began + Duration.ofMillis(300).toNanos())) {
            assertThatThrownBy(() -> client.call("PING")).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - began)).as("time until the wait gave up")
                .isLessThan(Duration.ofMillis(300).plusSeconds(5));
    }

    private static String serveOnce(ServerSocket server, String reply) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(2000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int n = in.read(buffer);
            OutputStream out = socket.getOutputStream();
            out.write(reply.getBytes(StandardCharsets.UTF_8));
            out.flush();
            in.read(buffer); // until the client closes
            return new String(buffer, 0, n, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
