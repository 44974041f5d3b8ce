package io.github.redisclustertestkit.probe;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
    void errorRepliesThrow() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture.supplyAsync(() -> serveOnce(server, "-NOAUTH Authentication required.\r\n"));
            try (RespClient client = RespClient.connect("127.0.0.1", server.getLocalPort(), null, Duration.ofSeconds(2))) {
                assertThatThrownBy(() -> client.call("PING"))
                        .isInstanceOf(RespErrorException.class)
                        .hasMessage("NOAUTH Authentication required.");
            }
        }
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
