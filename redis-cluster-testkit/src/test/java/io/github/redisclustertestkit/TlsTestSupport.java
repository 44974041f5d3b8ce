package io.github.redisclustertestkit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

/** What the TLS tests share: a client that trusts the CA but presents no certificate, and refusals' causes. */
final class TlsTestSupport {

    private TlsTestSupport() {
    }

    /** Trusts the cluster's CA, presents no certificate. */
    static SSLSocketFactory trustOnly(TlsMaterial tls) throws Exception {
        KeyStore trust = KeyStore.getInstance(tls.storeType());
        try (InputStream in = Files.newInputStream(tls.trustStoreFile())) {
            trust.load(in, tls.storePassword().toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    interface Action {
        void run() throws Exception;
    }

    /** What {@code action} threw; an AssertionError if it worked. */
    static Throwable catchFrom(Action action) {
        try {
            action.run();
        } catch (Throwable thrown) {
            return thrown;
        }
        throw new AssertionError("expected the connection to be refused, but it worked");
    }

    /** The exception and its causes, outermost first. */
    static List<Throwable> causes(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && chain.size() < 20; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
