package dev.querylens.database;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener a test opens to see whether anything connects to it: it accepts, counts and
 * closes each connection. Bound to one address, loopback or an interface's.
 */
public final class WitnessListener implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    private WitnessListener(InetAddress address) throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(address, 0));
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException closed) {
                    // closed: the test is over
                }
            }
        }, "witness-" + address.getHostAddress());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static WitnessListener onLoopback() throws IOException {
        return new WitnessListener(InetAddress.getByName("127.0.0.1"));
    }

    /** On this machine's first IPv4 address that is not loopback, as another host on the network would reach it. */
    public static WitnessListener onInterface() throws IOException {
        return new WitnessListener(interfaceAddress());
    }

    static InetAddress interfaceAddress() throws SocketException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a;
                    }
                }
            }
        }
        throw new IllegalStateException("this machine has no IPv4 address besides loopback for the test to listen on");
    }

    public String host() {
        return socket.getInetAddress().getHostAddress();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
