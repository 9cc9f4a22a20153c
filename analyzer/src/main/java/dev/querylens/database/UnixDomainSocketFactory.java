package dev.querylens.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import javax.net.SocketFactory;

/**
 * pgjdbc's {@code socketFactory} for a server reached through its Unix-domain socket: pgjdbc
 * instantiates it by name with {@code socketFactoryArg}, the socket file's path (a directory's
 * {@code .s.PGSQL.<port>}), and then connects each socket it makes to the host and port of its URL,
 * which the socket ignores. See {@link SessionProperties} for when it is used.
 */
public final class UnixDomainSocketFactory extends SocketFactory {
    private final Path socket;

    public UnixDomainSocketFactory(String socketFile) {
        if (socketFile == null || !socketFile.startsWith("/")) {
            throw new IllegalArgumentException("a Unix-domain socket file needs an absolute path");
        }
        this.socket = Path.of(socketFile);
    }

    @Override
    public Socket createSocket() {
        return new UnixDomainSocket(socket);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected();
    }

    private Socket connected() throws IOException {
        Socket s = createSocket();
        s.connect(InetSocketAddress.createUnresolved("localhost", 0));
        return s;
    }
}
