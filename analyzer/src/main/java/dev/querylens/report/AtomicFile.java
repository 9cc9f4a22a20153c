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

    /** Who may read a new file: whom the umask allows, or the owner alone (it holds bound values). */
    public enum Readers {
        /** As any file the user creates: 0666 less the umask (0644 under umask 022, 0600 under 077). */
        UMASK,
        /** The owner only (0600, less the umask), and an existing file replaced loses any group and other rights. */
        OWNER_ONLY
    }

    private static final Set<PosixFilePermission> OWNER = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);

    private AtomicFile() {
    }

    public static void write(Path file, String text) throws IOException {
        write(file, out -> out.write(text));
    }

    public static void write(Path file, Content content) throws IOException {
        write(file, Readers.UMASK, content);
    }

    /** Replaces {@code file}; a new file gets the permissions {@code readers} says, an existing one keeps its own (narrowed for OWNER_ONLY). */
    public static void write(Path file, Readers readers, Content content) throws IOException {
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
        Path tmp = createTemporary(dir, "." + target.getFileName() + ".", readers);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                Writer w = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
                content.writeTo(unclosable(w));
                w.flush();
                channel.force(true);
            }
            keepPermissions(target, tmp, readers);
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

    /**
     * A new, empty file beside the target. Created the way any program creates a file (mode 0666,
     * which the umask narrows), not with Files.createTempFile's fixed 0600 that would then be
     * widened by hand: so a new report is exactly as readable as the user's umask allows. A file
     * for the owner alone is created 0600 from the start, never readable by others even for a moment.
     */
    private static Path createTemporary(Path dir, String prefix, Readers readers) throws IOException {
        java.util.Random random = new java.security.SecureRandom();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(prefix + Long.toUnsignedString(random.nextLong(), 36) + ".tmp");
            Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                if (readers == Readers.OWNER_ONLY && supportsPosix(dir)) {
                    Files.newByteChannel(tmp, options, PosixFilePermissions.asFileAttribute(
                            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))).close();
                } else {
                    Files.newByteChannel(tmp, options).close();
                }
                return tmp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static boolean supportsPosix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** An existing file keeps its permissions (narrowed to the owner's for OWNER_ONLY); a new one keeps what it was created with. */
    private static void keepPermissions(Path target, Path tmp, Readers readers) {
        try {
            if (Files.exists(target)) {
                Set<PosixFilePermission> perms = new java.util.HashSet<>(Files.getPosixFilePermissions(target));
                if (readers == Readers.OWNER_ONLY) {
                    perms.retainAll(OWNER);
                }
                Files.setPosixFilePermissions(tmp, perms);
            }
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
