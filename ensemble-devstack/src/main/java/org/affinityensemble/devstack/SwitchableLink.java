package org.affinityensemble.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A TCP forwarder on loopback in front of a server this stack cannot stop (the machine's PostgreSQL, shared with
 * other checkouts): {@link #cut()} closes every connection through it and refuses new ones, as a server that went
 * away does; {@link #restore()} listens on the same port again. One thread per direction of each connection.
 */
final class SwitchableLink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SwitchableLink.class);

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;

    private SwitchableLink(String targetHost, int targetPort, int port) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = port;
    }

    /** Listens on a free loopback port and forwards every connection to {@code targetHost:targetPort}. */
    static SwitchableLink to(String targetHost, int targetPort) {
        SwitchableLink link = new SwitchableLink(targetHost, targetPort, Processes.freePort());
        link.restore();
        return link;
    }

    int port() {
        return port;
    }

    /** Listens again (a no-op while listening). */
    synchronized void restore() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port + " again", e);
        }
        ServerSocket listening = server;
        Thread acceptor = new Thread(() -> accept(listening), "link-" + port + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes every connection through the link and stops listening, so that new connections are refused. */
    synchronized void cut() {
        if (server == null) {
            return;
        }
        closeQuietly(server);
        server = null;
        open.forEach(SwitchableLink::closeQuietly);
        open.clear();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                LOG.debugf("link %d: cannot reach %s:%d: %s", port, targetHost, targetPort, e);
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException closed) {
                // the other side or cut() closed the connection
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "link-" + port + "-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    @Override
    public void close() {
        cut();
    }
}
