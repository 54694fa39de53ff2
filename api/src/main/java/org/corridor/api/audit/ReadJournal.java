package org.corridor.api.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The append-only file in which audited reads are acknowledged before their rows reach the database
 * (see {@link AuditLog#recordRead}). A read's record is written to the operating system before the read
 * is answered, so it survives a killed process as H2's {@code WRITE_DELAY=0} commit did, but a group of
 * reads costs one {@code write} of a few hundred bytes instead of a database commit that appends a
 * chunk of about 10 KB to H2's file.
 *
 * <p>The journal is a series of segment files {@code audit-reads-<first sequence>.journal} in one folder:
 * the writer appends to the newest; {@link #roll} closes it for the loader, which deletes it once its
 * rows are in the database. A record is {@code [int n][long sequence][payload][int CRC-32 of the n bytes
 * of sequence and payload]}; sequence numbers run on by one across segments, so the database's last
 * loaded sequence number says which records it already holds. A record cut short or damaged (a process
 * killed inside a write, a disk error) ends the segment for {@link #parse}: no record after it is read,
 * and none is ever returned with wrong contents unless the damage also matches the CRC.
 *
 * <p>The folder is locked (a file lock) while the journal is open, so two services cannot share one.
 * {@link #append} and {@link #roll} are safe to call from different threads.
 */
final class ReadJournal implements AutoCloseable {
    private static final String PREFIX = "audit-reads-";
    private static final String SUFFIX = ".journal";
    /** sequence (8) + at (12) + 7 string lengths (28) */
    private static final int MIN_BODY = 48;
    /** Far above a real row (ids and details are cut to 160 and 500 characters): a larger length is damage. */
    private static final int MAX_BODY = 1 << 16;

    /** One audited read: the columns of its {@code audit_event} row (ids and counts only). */
    record Read(Instant at, String username, String organisation, String role, String action, String objectType,
                String objectId, String detail) {
        Read {
            if (at == null) throw new IllegalArgumentException("a read's time is required");
            for (String s : new String[] {username, organisation, role, action, objectType, objectId, detail})
                if (s == null) throw new IllegalArgumentException("a read's columns may be empty, not null");
        }

        String[] texts() {
            return new String[] {username, organisation, role, action, objectType, objectId, detail};
        }
    }

    /** A read with its sequence number in the journal. */
    record Entry(long sequence, Read read) {}

    /** A segment closed by {@link #roll}: its file and the entries written to it. */
    record Segment(Path file, List<Entry> entries) {}

    private final Path folder;
    private final FileChannel lockFile;
    private final FileLock lock;
    private FileChannel current;
    private Path currentFile;
    private final List<Entry> currentEntries = new ArrayList<>();
    /** Segments closed by a failed write, handed to the loader by the next {@link #roll}. */
    private final List<Segment> pendingClosed = new ArrayList<>();
    /** The next record's sequence number; negative until {@link #start}. */
    private long nextSequence = -1;
    /** Rows appended or left over and not yet released by {@link #delete}. */
    private long unloaded;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

    /**
     * Opens (creating) the journal folder and locks it; {@link #leftOver} then lists what an earlier
     * process left, and {@link #start} begins a new segment.
     *
     * @throws IllegalStateException when another journal holds the folder
     */
    ReadJournal(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.lockFile = FileChannel.open(folder.resolve("audit-reads.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held;
        try {
            held = lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null;
        }
        if (held == null) {
            lockFile.close();
            throw new IllegalStateException("the read journal in " + folder + " is in use by another service; give each service its own corridor.data-dir");
        }
        this.lock = held;
    }

    /** The segments left in the folder (by a process that stopped before loading them), oldest first, each read up to its first damaged record. */
    synchronized List<Segment> leftOver() throws IOException {
        List<Segment> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(ReadJournal::isSegment).sorted().toList()) {
                String name = f.getFileName().toString();
                segments.add(new Segment(f, parse(Files.readAllBytes(f), Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())))));
            }
        }
        for (Segment s : segments) unloaded += s.entries().size();
        return segments;
    }

    private static boolean isSegment(Path f) {
        String name = f.getFileName().toString();
        return Files.isRegularFile(f) && name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name.substring(PREFIX.length(), name.length() - SUFFIX.length()).matches("[0-9]{19}");
    }

    /** Begins appending at {@code firstSequence} (one above every sequence number the database or a segment holds). */
    synchronized void start(long firstSequence) {
        if (nextSequence >= 0) throw new IllegalStateException("the journal has started");
        if (firstSequence < 1) throw new IllegalArgumentException("sequence numbers start at 1");
        nextSequence = firstSequence;
    }

    /**
     * Appends the reads in one write and returns them with their sequence numbers once the operating
     * system has the bytes. On failure none of them counts as written: the segment is cut back to its
     * last whole record (or abandoned for a new one), so a later record never follows a torn one.
     *
     * @throws IOException when the file cannot be written
     * @throws IllegalStateException when more than {@code maxUnloaded} rows wait for the loader (the database is not taking them)
     */
    synchronized List<Entry> append(List<Read> reads, long maxUnloaded) throws IOException {
        if (nextSequence < 0) throw new IllegalStateException("the journal has not started");
        if (unloaded + reads.size() > maxUnloaded)
            throw new IllegalStateException(unloaded + " journaled reads are waiting for the database");
        List<Entry> entries = new ArrayList<>(reads.size());
        for (Read r : reads) entries.add(new Entry(nextSequence + entries.size(), r));
        ByteBuffer bytes = encode(entries);
        if (current == null) {
            currentFile = folder.resolve(PREFIX + String.format("%019d", nextSequence) + SUFFIX);
            current = FileChannel.open(currentFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        long whole = current.position();
        try {
            while (bytes.hasRemaining()) current.write(bytes);
        } catch (IOException e) {
            try {
                current.truncate(whole);
                current.position(whole);
            } catch (IOException cannotCut) {
                // this segment may end in a torn record: keep it (its whole records stay loadable) and start another
                pendingClosed.add(closeCurrent());
            }
            throw e;
        }
        nextSequence += entries.size();
        unloaded += entries.size();
        currentEntries.addAll(entries);
        return entries;
    }

    /** Rows in the segment being written, for the loader's "N rows" trigger. */
    synchronized int rowsInCurrent() {
        return currentEntries.size();
    }

    /** Closes the segment being written (if it holds anything) and returns every segment closed since the last roll. */
    synchronized List<Segment> roll() throws IOException {
        if (current != null && !currentEntries.isEmpty()) pendingClosed.add(closeCurrent());
        List<Segment> closed = List.copyOf(pendingClosed);
        pendingClosed.clear();
        return closed;
    }

    private Segment closeCurrent() throws IOException {
        Segment s = new Segment(currentFile, List.copyOf(currentEntries));
        FileChannel c = current;
        current = null;
        currentFile = null;
        currentEntries.clear();
        c.close();
        return s;
    }

    /** Deletes segments whose rows the database now holds. */
    synchronized void delete(List<Segment> loaded) throws IOException {
        for (Segment s : loaded) {
            Files.deleteIfExists(s.file());
            unloaded -= s.entries().size();
        }
    }

    /** Closes the segment being written (kept for the next start's loader) and releases the folder. */
    @Override
    public synchronized void close() throws IOException {
        try {
            if (current != null) current.close();
        } finally {
            lock.release();
            lockFile.close();
        }
    }

    private ByteBuffer encode(List<Entry> entries) {
        int size = 0;
        for (Entry e : entries) {
            size += 8 + MIN_BODY;
            for (String s : e.read().texts()) size += 2 * s.length();
        }
        if (buffer.capacity() < size) buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(size) << 1);
        buffer.clear();
        CRC32 crc = new CRC32();
        for (Entry e : entries) {
            int lengthAt = buffer.position();
            buffer.putInt(0);
            int bodyAt = buffer.position();
            buffer.putLong(e.sequence());
            buffer.putLong(e.read().at().getEpochSecond());
            buffer.putInt(e.read().at().getNano());
            // UTF-16 code units as they are: every Java string round-trips, malformed surrogates included
            for (String s : e.read().texts()) {
                buffer.putInt(s.length());
                for (int i = 0; i < s.length(); i++) buffer.putChar(s.charAt(i));
            }
            int body = buffer.position() - bodyAt;
            buffer.putInt(lengthAt, body);
            crc.reset();
            crc.update(buffer.duplicate().position(bodyAt).limit(bodyAt + body));
            buffer.putInt((int) crc.getValue());
        }
        return buffer.flip();
    }

    /**
     * The entries of one segment's bytes, in order, up to (not including) the first record that is cut
     * short, fails its CRC, breaks the run of sequence numbers from {@code firstSequence}, or does not
     * decode exactly; what follows such a record is not read.
     */
    static List<Entry> parse(byte[] segment, long firstSequence) {
        ByteBuffer in = ByteBuffer.wrap(segment);
        List<Entry> entries = new ArrayList<>();
        CRC32 crc = new CRC32();
        long expected = firstSequence;
        while (in.remaining() >= 4) {
            int body = in.getInt();
            if (body < MIN_BODY || body > MAX_BODY || in.remaining() < body + 4) break;
            int bodyAt = in.position();
            crc.reset();
            crc.update(segment, bodyAt, body);
            if (in.getInt(bodyAt + body) != (int) crc.getValue()) break;
            Entry e = decode(in.slice(bodyAt, body), expected);
            if (e == null) break;
            entries.add(e);
            expected++;
            in.position(bodyAt + body + 4);
        }
        return entries;
    }

    /** One record's body, or null when it is not a record with sequence number {@code expected}. */
    private static Entry decode(ByteBuffer body, long expected) {
        if (body.getLong() != expected) return null;
        long second = body.getLong();
        int nano = body.getInt();
        if (nano < 0 || nano >= 1_000_000_000 || second < Instant.MIN.getEpochSecond() || second > Instant.MAX.getEpochSecond()) return null;
        String[] texts = new String[7];
        for (int t = 0; t < texts.length; t++) {
            if (body.remaining() < 4) return null;
            int chars = body.getInt();
            if (chars < 0 || chars > body.remaining() / 2) return null;
            char[] c = new char[chars];
            body.asCharBuffer().get(c);
            body.position(body.position() + 2 * chars);
            texts[t] = new String(c);
        }
        if (body.hasRemaining()) return null;
        return new Entry(expected, new Read(Instant.ofEpochSecond(second, nano), texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], texts[6]));
    }

}
