package io.omniqueue.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small but real SMTP server that takes a set number of mails and then answers {@code 451} to
 * the next ones, as a server over its quota or rate limit does. GreenMail takes every mail, so it
 * can't show what a partly refused run does.
 */
public final class RefusingSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger acceptLeft = new AtomicInteger(Integer.MAX_VALUE);
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public RefusingSmtpServer() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::serve, "refusing-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** From now on, takes this many mails and refuses the rest. */
    public void acceptOnly(int mails) {
        acceptLeft.set(mails);
    }

    public void acceptAll() {
        acceptLeft.set(Integer.MAX_VALUE);
    }

    /** The raw text of every mail taken, headers included. */
    public List<String> received() {
        return List.copyOf(received);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                session(client);
            } catch (IOException closedOrDropped) {
                // the next connection is served as usual
            }
        }
    }

    private void session(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        say(out, "220 refusing-smtp ready");
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
            switch (command) {
                case "EHLO", "HELO" -> say(out, "250 refusing-smtp");
                case "MAIL" -> say(out, acceptLeft.get() > 0 ? "250 OK" : "451 4.7.1 Too many messages, try again later");
                case "RCPT", "RSET", "NOOP" -> say(out, "250 OK");
                case "DATA" -> {
                    say(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder mail = new StringBuilder();
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        mail.append(line).append('\n');
                    }
                    acceptLeft.decrementAndGet();
                    received.add(mail.toString());
                    say(out, "250 OK queued");
                }
                case "QUIT" -> {
                    say(out, "221 Bye");
                    return;
                }
                default -> say(out, "502 Command not implemented");
            }
        }
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
