package dev.querylens.report;

import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file so that anyone reading it sees either its previous content or the complete new
 * content, never a prefix: a CI job killed mid-write must not leave a truncated baseline that the
 * next run reads as "no findings accepted", and two runs writing the same report must not
 * interleave. The content goes to a temporary file in the target's own directory (the same file
 * system, so the rename cannot degrade to a copy), is forced to disk, and is renamed over the target.
 * A run killed before the rename leaves the target untouched and, at worst, a hidden
 * {@code .NAME.*.tmp} file beside it.
 */
public final class AtomicFile {
    /** Writes the new content; the writer is UTF-8 and closing it early is harmless. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /** What a file gets when it did not exist before: what the usual umask 022 would give. */
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFile() {
    }

    public static void write(Path file, String text) throws IOException {
        write(file, out -> out.write(text));
    }

    public static void write(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            // a device or pipe (-o /dev/stdout): there is no previous content to keep, and renaming over it would be wrong
            try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                content.writeTo(unclosable(w));
            }
            return;
        }
        if (Files.isSymbolicLink(target)) {
            target = target.toRealPath(); // replace what the link points to, not the link
        }
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                Writer w = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
                content.writeTo(unclosable(w));
                w.flush();
                channel.force(true);
            }
            keepPermissions(target, tmp);
            move(tmp, target);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
        syncDirectory(dir);
    }

    /** Jackson and some writers close their target when done; the channel must stay open to be forced. */
    private static Writer unclosable(Writer w) {
        return new FilterWriter(w) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static void keepPermissions(Path target, Path tmp) {
        try {
            Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target) : NEW_FILE;
            Files.setPosixFilePermissions(tmp, perms);
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the temporary file's defaults are what a new file gets there anyway
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename itself survive a power loss; only some platforms can open a directory for this. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the file's content is already on disk; at worst a crash brings back the previous version
        }
    }
}
