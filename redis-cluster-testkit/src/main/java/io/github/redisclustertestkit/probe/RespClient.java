package io.github.redisclustertestkit.probe;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The library's own minimal RESP2 client, used to probe nodes. Having our own keeps every Redis
 * client library off our users' classpath, so their Jedis or Lettuce version is theirs to choose.
 * Replies: simple and bulk strings as {@code String}, integers as {@code Long}, arrays as
 * {@code List<Object>}, nil as {@code null}; error replies throw {@link RespErrorException}.
 */
public final class RespClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects, and authenticates when {@code password} is not null. */
    public static RespClient connect(String host, int port, String password, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            RespClient client = new RespClient(socket);
            if (password != null) {
                client.call("AUTH", password);
            }
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command and reads its reply. */
    public Object call(String... args) throws IOException {
        send(args);
        return read();
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

    /** Reads one more reply, e.g. a message after {@code PSUBSCRIBE}. */
    public Object readReply() throws IOException {
        return read();
    }

    /** Sends a command without reading its reply (for subscriptions, read with {@link #readReply()}). */
    public void send(String... args) throws IOException {
        out.write(encode(args));
        out.flush();
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

    private Object read() throws IOException {
        int type = in.read();
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
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length + 2);
                if (data.length < length + 2) {
                    throw new EOFException("connection closed inside a bulk reply");
                }
                return new String(data, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(readNested());
                }
                return items;
            }
            default:
                throw new IOException("not a RESP reply: '" + (char) type + line + "'");
        }
    }

    /** Inside arrays an error element is a value (Sentinel replies may hold them), not a failure. */
    private Object readNested() throws IOException {
        try {
            return read();
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
            line.append((char) c);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed RESP line: " + line);
        }
        return line.toString();
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
