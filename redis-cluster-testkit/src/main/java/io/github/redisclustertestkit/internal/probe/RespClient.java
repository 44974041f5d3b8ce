package io.github.redisclustertestkit.internal.probe;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The library's own minimal RESP2 client, used to probe nodes. Having our own keeps every Redis
 * client library off our users' classpath, so their Jedis or Lettuce version is theirs to choose.
 * Replies: simple and bulk strings as {@code String}, integers as {@code Long}, arrays as
 * {@code List<Object>}, nil as {@code null}; error replies throw {@link RespErrorException}.
 * <p>
 * A connection whose stream may be out of step (a timeout inside or before an awaited reply,
 * bytes that are not RESP, any I/O error) is closed at once: reading on would take the rest of
 * one reply, or a late one, for the answer to the next command.
 */
public final class RespClient implements AutoCloseable {

    /** Longer bulk strings are refused as a protocol error (Redis' own proto-max-bulk-len default). */
    private static final long MAX_BULK_LENGTH = 512L * 1024 * 1024;
    private static final int MAX_LINE_LENGTH = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int timeoutMillis;
    /** {@link System#nanoTime()} after which no more reads are started; only if {@link #hasDeadline}. */
    private final long deadline;
    private final boolean hasDeadline;

    private RespClient(Socket socket, int timeoutMillis, long deadline, boolean hasDeadline) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.timeoutMillis = timeoutMillis;
        this.deadline = deadline;
        this.hasDeadline = hasDeadline;
    }

    /** Connects, and authenticates when {@code password} is not null. */
    public static RespClient connect(String host, int port, String password, Duration timeout) throws IOException {
        return connect(host, port, null, password, timeout, 0, false, null);
    }

    /**
     * As {@link #connect(String, int, String, Duration)}, over TLS when {@code tls} is not null: the
     * handshake completes (or fails, e.g. with an {@code SSLHandshakeException}) within
     * {@code timeout}, before any command is sent.
     */
    public static RespClient connect(String host, int port, String password, Duration timeout, SSLSocketFactory tls)
            throws IOException {
        return connect(host, port, null, password, timeout, 0, false, tls);
    }

    /**
     * As {@link #connect(String, int, String, Duration)}, but no connect or read waits past
     * {@code deadline} ({@link System#nanoTime()}): each waits at most the smaller of
     * {@code timeout} and the time left.
     */
    public static RespClient connectBefore(String host, int port, String password, Duration timeout, long deadline)
            throws IOException {
        return connect(host, port, null, password, timeout, deadline, true, null);
    }

    /** As {@link #connectBefore(String, int, String, Duration, long)}, over TLS when {@code tls} is not null. */
    public static RespClient connectBefore(String host, int port, String password, Duration timeout, long deadline,
                                           SSLSocketFactory tls) throws IOException {
        return connect(host, port, null, password, timeout, deadline, true, tls);
    }

    /**
     * As {@link #connect(String, int, String, Duration, SSLSocketFactory)}, authenticating as
     * {@code user} ({@code AUTH user password}) when it is not null.
     */
    public static RespClient connect(String host, int port, String user, String password, Duration timeout,
                                     SSLSocketFactory tls) throws IOException {
        return connect(host, port, user, password, timeout, 0, false, tls);
    }

    /** As {@link #connectBefore(String, int, String, Duration, long, SSLSocketFactory)}, as {@code user} when not null. */
    public static RespClient connectBefore(String host, int port, String user, String password, Duration timeout,
                                           long deadline, SSLSocketFactory tls) throws IOException {
        return connect(host, port, user, password, timeout, deadline, true, tls);
    }

    private static RespClient connect(String host, int port, String user, String password, Duration timeout,
                                      long deadline, boolean hasDeadline, SSLSocketFactory tls) throws IOException {
        int timeoutMillis = (int) Math.max(1, timeout.toMillis());
        Socket plain = new Socket();
        Socket socket = plain;
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), waitMillis(timeoutMillis, deadline, hasDeadline));
            if (tls != null) {
                // Layered on the connected socket, so that the connect keeps its own timeout; the
                // handshake reads through it, under the same bound as any reply.
                plain.setSoTimeout(waitMillis(timeoutMillis, deadline, hasDeadline));
                SSLSocket secured = (SSLSocket) tls.createSocket(plain, host, port, true);
                socket = secured;
                secured.startHandshake();
            }
            RespClient client = new RespClient(socket, timeoutMillis, deadline, hasDeadline);
            if (user != null) {
                client.call("AUTH", user, password);
            } else if (password != null) {
                client.call("AUTH", password);
            }
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            plain.close();
            throw e;
        }
    }

    /** How long the next blocking step may wait: never 0, which would mean forever. */
    private static int waitMillis(int timeoutMillis, long deadline, boolean hasDeadline)
            throws SocketTimeoutException {
        if (!hasDeadline) {
            return timeoutMillis;
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("no time left to wait for an answer");
        }
        return (int) Math.min(timeoutMillis, left);
    }

    /** Sends one command and reads its reply. */
    public Object call(String... args) throws IOException {
        send(args);
        return readReply(true);
    }

    private static byte[] encode(String... args) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(bytes);
            request.write('\r');
            request.write('\n');
        }
        return request.toByteArray();
    }

    /**
     * Reads one more reply, e.g. a message after {@code PSUBSCRIBE}. A timeout before its first
     * byte leaves the connection usable (nothing was published); one inside it closes it.
     */
    public Object readReply() throws IOException {
        return readReply(false);
    }

    /** Sends a command without reading its reply (for subscriptions, read with {@link #readReply()}). */
    public void send(String... args) throws IOException {
        try {
            out.write(encode(args));
            out.flush();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** @param answerAwaited a reply is owed (a late one would be taken for the next command's) */
    private Object readReply(boolean answerAwaited) throws IOException {
        int type;
        try {
            socket.setSoTimeout(waitMillis(timeoutMillis, deadline, hasDeadline));
            type = in.read();
        } catch (SocketTimeoutException e) {
            if (answerAwaited) {
                close();
            }
            throw e;
        } catch (IOException e) {
            close();
            throw e;
        }
        try {
            return read(type);
        } catch (RespErrorException e) {
            throw e; // a whole error reply was read: the stream is still in step
        } catch (SocketTimeoutException e) {
            close();
            throw new RespProtocolException("timed out inside a reply; connection closed, as the rest of it would"
                    + " be read as the next reply", e);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }
    /** {@code INFO section} as key/value pairs. */
    public Map<String, String> info(String section) throws IOException {
        return parseInfo((String) call("INFO", section));
    }

    /** Parses an {@code INFO} reply (lines of {@code key:value}, comments and blanks skipped). */
    public static Map<String, String> parseInfo(String info) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /** A flat {@code [k1, v1, k2, v2, ...]} reply (as Sentinel gives) as a map. */
    public static Map<String, String> pairs(Object reply) {
        Map<String, String> map = new LinkedHashMap<>();
        List<?> list = (List<?>) reply;
        for (int i = 0; i + 1 < list.size(); i += 2) {
            map.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
        }
        return map;
    }

    private Object read(int type) throws IOException {
        if (type < 0) {
            throw new EOFException("connection closed by the server");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RespErrorException(line);
            case ':':
                return number(type, line);
            case '$': {
                long length = number(type, line);
                if (length < -1 || length > MAX_BULK_LENGTH) {
                    throw new RespProtocolException("malformed RESP bulk length: " + quote((char) type + line));
                }
                if (length == -1) {
                    return null;
                }
                byte[] data = in.readNBytes((int) length + 2);
                if (data.length < length + 2) {
                    throw new EOFException("connection closed inside a bulk reply");
                }
                if (data[(int) length] != '\r' || data[(int) length + 1] != '\n') {
                    throw new RespProtocolException("bulk reply of length " + length + " not followed by CRLF: "
                            + quote(new String(data, StandardCharsets.ISO_8859_1)));
                }
                return new String(data, 0, (int) length, StandardCharsets.UTF_8);
            }
            case '*': {
                long count = number(type, line);
                if (count < -1 || count > Integer.MAX_VALUE) {
                    throw new RespProtocolException("malformed RESP array length: " + quote((char) type + line));
                }
                if (count == -1) {
                    return null;
                }
                List<Object> items = new ArrayList<>((int) Math.min(count, 64));
                for (long i = 0; i < count; i++) {
                    items.add(readNested());
                }
                return items;
            }
            default:
                throw new RespProtocolException("not a RESP reply: " + quote((char) type + line));
        }
    }

    private static long number(int type, String line) throws RespProtocolException {
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new RespProtocolException("malformed RESP number: " + quote((char) type + line), e);
        }
    }

    /** Inside arrays an error element is a value (Sentinel replies may hold them), not a failure. */
    private Object readNested() throws IOException {
        try {
            return read(in.read());
        } catch (RespErrorException e) {
            return e;
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("connection closed inside a reply");
            }
            if (line.length() == MAX_LINE_LENGTH) {
                throw new RespProtocolException("RESP line longer than " + MAX_LINE_LENGTH + " bytes: "
                        + quote(line.substring(0, 80)) + "...");
            }
            line.append((char) c);
        }
        int next = in.read();
        if (next != '\n') {
            throw new RespProtocolException("RESP line not ended by CRLF: " + quote(line + "\r"
                    + (next < 0 ? "" : String.valueOf((char) next))));
        }
        return line.toString();
    }

    /** The bytes as they came, in quotes, with control and non-ASCII bytes escaped. */
    static String quote(String bytes) {
        StringBuilder quoted = new StringBuilder("'");
        for (char c : bytes.toCharArray()) {
            switch (c) {
                case '\r' -> quoted.append("\\r");
                case '\n' -> quoted.append("\\n");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        quoted.append(String.format("\\x%02x", (int) c & 0xff));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('\'').toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a probe connection: nothing to do about a failure
        }
    }
}
