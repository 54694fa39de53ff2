package org.corridor.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The read journal's file format: whatever was appended is parsed back as it was, and a segment whose
 * tail is cut short or damaged yields exactly the records before the damage, never a wrong one.
 */
class ReadJournalPropertiesTest {

    @Property(tries = 200)
    void everyAppendedReadIsParsedBackInOrder(@ForAll("groups") List<List<ReadJournal.Read>> groups,
                                              @ForAll @IntRange(min = 1, max = 1_000_000) int first) throws IOException {
        Written w = write(groups, first);
        assertThat(ReadJournal.parse(w.bytes(), first)).isEqualTo(w.entries());
    }

    @Property(tries = 200)
    void aSegmentCutAnywhereYieldsTheWholeRecordsBeforeTheCut(@ForAll("groups") List<List<ReadJournal.Read>> groups,
                                                             @ForAll @IntRange(min = 0, max = 1_000_000) int cutAt) throws IOException {
        Written w = write(groups, 1);
        int cut = cutAt % (w.bytes().length + 1);
        List<ReadJournal.Entry> whole = new ArrayList<>();
        int end = 0;
        for (ReadJournal.Entry e : w.entries()) {
            end += size(e.read());
            if (end <= cut) whole.add(e);
        }
        byte[] torn = java.util.Arrays.copyOf(w.bytes(), cut);
        assertThat(ReadJournal.parse(torn, 1)).isEqualTo(whole);
    }

    @Property(tries = 300)
    void aDamagedByteEndsTheSegmentBeforeItsRecord(@ForAll("groups") List<List<ReadJournal.Read>> groups,
                                                   @ForAll @IntRange(min = 0, max = 1_000_000) int position,
                                                   @ForAll @IntRange(min = 1, max = 255) int flip) throws IOException {
        Written w = write(groups, 1);
        byte[] damaged = w.bytes().clone();
        int at = position % damaged.length;
        damaged[at] ^= (byte) flip;
        // the records that end before the damaged byte survive; the damaged one and all after it are dropped
        List<ReadJournal.Entry> before = new ArrayList<>();
        int end = 0;
        for (ReadJournal.Entry e : w.entries()) {
            end += size(e.read());
            if (end > at) break;
            before.add(e);
        }
        assertThat(ReadJournal.parse(damaged, 1)).isEqualTo(before);
    }

    @Property(tries = 100)
    void aSegmentStartingAtAnotherSequenceNumberYieldsNothing(@ForAll("groups") List<List<ReadJournal.Read>> groups) throws IOException {
        Written w = write(groups, 5);
        assertThat(ReadJournal.parse(w.bytes(), 4)).isEmpty();
        assertThat(ReadJournal.parse(w.bytes(), 6)).isEmpty();
    }

    /** A record's bytes: length (4), sequence (8), time (12), seven lengths (28), two bytes per char, CRC (4). */
    private static int size(ReadJournal.Read r) {
        return 56 + 2 * Stream.of(r.username(), r.organisation(), r.role(), r.action(), r.objectType(), r.objectId(), r.detail())
                .mapToInt(String::length).sum();
    }

    private record Written(byte[] bytes, List<ReadJournal.Entry> entries) {}

    /** Appends each group with one write to a fresh journal starting at {@code first}; returns its one segment. */
    private static Written write(List<List<ReadJournal.Read>> groups, long first) throws IOException {
        Path dir = Files.createTempDirectory("journal-prop-");
        try {
            List<ReadJournal.Entry> entries = new ArrayList<>();
            try (ReadJournal journal = new ReadJournal(dir)) {
                journal.start(first);
                for (List<ReadJournal.Read> g : groups) entries.addAll(journal.append(g, Long.MAX_VALUE));
            }
            try (Stream<Path> files = Files.list(dir)) {
                Path segment = files.filter(f -> f.getFileName().toString().endsWith(".journal")).findFirst().orElseThrow();
                return new Written(Files.readAllBytes(segment), entries);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
            }
        }
    }

    @Provide
    Arbitrary<List<List<ReadJournal.Read>>> groups() {
        // any UTF-16 text, unpaired surrogates included: the journal must not depend on what callers put in ids
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<Instant> at = Combinators.combine(Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
        Arbitrary<ReadJournal.Read> read = Combinators.combine(at, text, text, text, text, text, text, text)
                .as(ReadJournal.Read::new);
        return read.list().ofMinSize(1).ofMaxSize(6).list().ofMinSize(1).ofMaxSize(5);
    }
}
