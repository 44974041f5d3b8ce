package io.github.redisclustertestkit.internal.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A TLS server on 127.0.0.1 for unit tests, with a cluster's server certificate: answers
 * {@code +PONG} to every read, like Redis to {@code PING}. With {@code needClientAuth} it refuses a
 * client without a certificate from the same CA, as {@code tls-auth-clients yes} does.
 */
public final class LoopbackTlsServer implements AutoCloseable {

    private final SSLServerSocket server;
    /** Why each failed handshake failed, as the server saw it. */
    private final Queue<Exception> failures = new ConcurrentLinkedQueue<>();

    public LoopbackTlsServer(ClusterCertificates certificates, boolean needClientAuth) throws Exception {
        char[] password = "unit-test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", certificates.server().key(), password,
                new Certificate[] {certificates.server().certificate(), certificates.ca()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificates.ca());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(needClientAuth);
        Thread acceptor = new Thread(this::accept, "loopback-tls-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public Queue<Exception> failures() {
        return failures;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) server.accept();
                Thread serving = new Thread(() -> serve(socket), "loopback-tls");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[1024];
            while (in.read(buffer) > 0) {
                out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            failures.add(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
