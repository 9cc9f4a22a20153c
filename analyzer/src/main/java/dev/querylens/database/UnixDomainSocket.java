package dev.querylens.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Socket} that is a connection to a Unix-domain socket, for pgjdbc, which speaks to its
 * server through a {@code java.net.Socket} and has no Unix-socket transport of its own. Java's
 * Unix-domain {@link SocketChannel} has no socket adaptor ({@code channel.socket()} throws), so this
 * is one: the address pgjdbc passes to {@code connect} is ignored and the file given here is
 * connected instead. Reads honour {@link #setSoTimeout} (pgjdbc's socketTimeout, and its 1 ms peeks
 * for notifications) through a selector, as a TCP socket's would; TCP options are accepted and
 * mean nothing here.
 */
final class UnixDomainSocket extends Socket {
    private final Path path;
    private SocketChannel channel;
    private Selector readable;
    private Selector writable;
    private volatile int timeoutMs;
    private volatile boolean closed;
    private boolean inputShut;
    private boolean outputShut;

    UnixDomainSocket(Path path) {
        this.path = path;
    }

    @Override
    public void connect(SocketAddress ignored) throws IOException {
        connect(ignored, 0);
    }

    @Override
    public synchronized void connect(SocketAddress ignored, int timeout) throws IOException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (channel != null) {
            throw new SocketException("already connected");
        }
        // a Unix-domain connect does not wait for a peer across a network: it succeeds or fails at once
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
            ch.configureBlocking(false);
            readable = Selector.open();
            writable = Selector.open();
            ch.register(readable, SelectionKey.OP_READ);
            ch.register(writable, SelectionKey.OP_WRITE);
        } catch (IOException | RuntimeException e) {
            ch.close();
            closeSelectors();
            throw e;
        }
        channel = ch;
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        throw new SocketException("a Unix-domain client socket is not bound");
    }

    private int read(ByteBuffer into) throws IOException {
        SocketChannel ch = open();
        long timeout = timeoutMs;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        try {
            while (true) {
                int n = ch.read(into);
                if (n != 0) {
                    return n;
                }
                long wait = 0;
                if (timeout > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SocketTimeoutException("Read timed out");
                    }
                    wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
                }
                readable.select(wait);
                readable.selectedKeys().clear();
                open();
            }
        } catch (ClosedSelectorException e) {
            throw new SocketException("Socket is closed");
        }
    }

    private void write(ByteBuffer from) throws IOException {
        SocketChannel ch = open();
        try {
            while (from.hasRemaining()) {
                if (ch.write(from) == 0) {
                    // as a TCP socket's write: it waits for room however long that takes
                    writable.select();
                    writable.selectedKeys().clear();
                    open();
                }
            }
        } catch (ClosedSelectorException e) {
            throw new SocketException("Socket is closed");
        }
    }

    private SocketChannel open() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (channel == null) {
            throw new SocketException("Socket is not connected");
        }
        return channel;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        open();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                return UnixDomainSocket.this.read(ByteBuffer.wrap(b, off, len));
            }

            @Override
            public void close() throws IOException {
                UnixDomainSocket.this.close();
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        open();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                UnixDomainSocket.this.write(ByteBuffer.wrap(b, off, len));
            }

            @Override
            public void close() throws IOException {
                UnixDomainSocket.this.close();
            }
        };
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // a thread waiting in a read wakes up and finds the socket closed
        closeSelectors();
        synchronized (this) {
            if (channel != null) {
                channel.close();
            }
        }
    }

    private void closeSelectors() throws IOException {
        for (Selector s : new Selector[] {readable, writable}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        timeoutMs = timeout;
    }

    @Override
    public int getSoTimeout() {
        return timeoutMs;
    }

    @Override
    public boolean isConnected() {
        return channel != null;
    }

    @Override
    public boolean isBound() {
        return channel != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void shutdownInput() throws IOException {
        open().shutdownInput();
        inputShut = true;
    }

    @Override
    public void shutdownOutput() throws IOException {
        open().shutdownOutput();
        outputShut = true;
    }

    @Override
    public boolean isInputShutdown() {
        return inputShut;
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShut;
    }

    // TCP's options: pgjdbc sets them on every connection; a Unix-domain socket has no such thing
    @Override
    public void setTcpNoDelay(boolean on) {
    }

    @Override
    public boolean getTcpNoDelay() {
        return true;
    }

    @Override
    public void setKeepAlive(boolean on) {
    }

    @Override
    public boolean getKeepAlive() {
        return false;
    }

    @Override
    public void setSoLinger(boolean on, int linger) {
    }

    @Override
    public int getSoLinger() {
        return -1;
    }

    @Override
    public int getSendBufferSize() {
        return 8192;
    }

    @Override
    public void setSendBufferSize(int size) {
    }

    @Override
    public int getReceiveBufferSize() {
        return 8192;
    }

    @Override
    public void setReceiveBufferSize(int size) {
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return Set.of();
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        throw new UnsupportedOperationException("'" + name + "' not supported");
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        throw new UnsupportedOperationException("'" + name + "' not supported");
    }

    @Override
    public InetAddress getInetAddress() {
        return null;
    }

    @Override
    public InetAddress getLocalAddress() {
        return null;
    }

    @Override
    public int getPort() {
        return 0;
    }

    @Override
    public int getLocalPort() {
        return -1;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return channel == null ? null : UnixDomainSocketAddress.of(path);
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return null;
    }

    @Override
    public String toString() {
        return "UnixDomainSocket[" + path + "]";
    }
}
