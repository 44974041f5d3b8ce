package io.github.redisclustertestkit.internal.readiness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** HAProxy's runtime API over TCP: real check results, since 2.6 starts servers UP unchecked. */
public final class HaproxyAdmin {

    private HaproxyAdmin() {
    }

    /** One server line of {@code show stat}. */
    public record ServerState(String backend, String server, String status, String checkStatus) {

        /**
         * True once a health check has completed; before that HAProxy 2.6 reports UP regardless.
         * A check in progress is shown with a {@code "* "} prefix on the last result, so the
         * first one still running reads {@code * INI}.
         */
        public boolean checked() {
            String lastResult = checkStatus.startsWith("* ") ? checkStatus.substring(2) : checkStatus;
            return !lastResult.isEmpty() && !lastResult.startsWith("INI");
        }
    }

    /** Sends one runtime API command and returns the whole answer. */
    public static String command(String host, int port, String command, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every server of every backend, from {@code show stat}. */
    public static List<ServerState> servers(String host, int port, Duration timeout) throws IOException {
        return parseStat(command(host, port, "show stat", timeout));
    }

    static List<ServerState> parseStat(String csv) {
        String[] lines = csv.split("\n");
        if (lines.length == 0 || !lines[0].startsWith("# ")) {
            throw new IllegalArgumentException("not a 'show stat' answer: " + csv);
        }
        String[] header = lines[0].substring(2).split(",", -1);
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            column.put(header[i], i);
        }
        List<ServerState> servers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            if (f.length < header.length) {
                continue;
            }
            String server = f[column.get("svname")];
            if (server.equals("FRONTEND") || server.equals("BACKEND")) {
                continue;
            }
            servers.add(new ServerState(f[column.get("pxname")], server, f[column.get("status")],
                    f[column.get("check_status")]));
        }
        return servers;
    }
}
