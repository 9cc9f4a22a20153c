package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket pgjdbc gets for the throwaway server behaves as its TCP socket would where the
 * session's safety depends on it: bytes go both ways, a read that waits longer than the socket
 * timeout ends with SocketTimeoutException (pgjdbc's socketTimeout, and its 1 ms peeks), a read
 * blocked without a timeout ends when another thread closes the socket, and a socket file that
 * is not there fails the connect. Against a real Unix-domain listener.
 */
class UnixDomainSocketTest {
    @TempDir
    Path dir;

    @Test
    void talksTimesOutAndClosesAsATcpSocketWould() throws Exception {
        Path file = dir.resolve(".s.PGSQL.5432");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(file));
            Socket socket = new UnixDomainSocketFactory(file.toString()).createSocket();
            socket.connect(InetSocketAddress.createUnresolved("localhost", 5432), 1000);
            try (SocketChannel peer = server.accept()) {
                socket.getOutputStream().write("hello".getBytes());
                ByteBuffer got = ByteBuffer.allocate(5);
                while (got.hasRemaining()) {
                    peer.read(got);
                }
                assertArrayEquals("hello".getBytes(), got.array());
                peer.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[8];
                assertEquals(3, in.read(buf, 0, 8));

                socket.setSoTimeout(200);
                long start = System.nanoTime();
                assertThrows(SocketTimeoutException.class, () -> in.read(buf, 0, 8));
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(waited >= 150 && waited < 5000, "waited " + waited + " ms");

                socket.setSoTimeout(0);
                CompletableFuture<Class<?>> blocked = CompletableFuture.supplyAsync(() -> {
                    try {
                        in.read(buf, 0, 8);
                        return Void.class;
                    } catch (IOException e) {
                        return e.getClass();
                    }
                });
                Thread.sleep(200);
                socket.close();
                assertEquals(SocketException.class, blocked.get(5, TimeUnit.SECONDS), "closing ends a read that waits without a timeout");
                assertTrue(socket.isClosed());
            }
        }
        Socket missing = new UnixDomainSocketFactory(dir.resolve("nothing").toString()).createSocket();
        assertThrows(IOException.class, () -> missing.connect(InetSocketAddress.createUnresolved("localhost", 5432), 1000));
    }
}
