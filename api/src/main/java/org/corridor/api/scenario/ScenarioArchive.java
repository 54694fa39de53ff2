package org.corridor.api.scenario;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.corridor.api.problem.ApiException;
import org.corridor.api.problem.ProblemError;

/**
 * Reads an uploaded scenario: a zip of the scenario folder's files (as in data/afghanistan), at the
 * zip's root or inside one folder. Hostile archives are refused before anything touches the disk:
 * no paths, no "..", only the loader's file types, bounded entry count and sizes (zip bombs), UTF-8.
 */
final class ScenarioArchive {
    static final int MAX_FILES = 32;
    static final long MAX_FILE_BYTES = 20L << 20;
    static final long MAX_TOTAL_BYTES = 50L << 20;

    private ScenarioArchive() {}

    /** File name -> text, sorted by name; 422 with one located error per offending entry. */
    static Map<String, String> read(byte[] zip) {
        Map<String, String> files = new TreeMap<>();
        List<ProblemError> errors = new ArrayList<>();
        long total = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (++entries > MAX_FILES * 4) throw refuse("the archive has too many entries (at most " + MAX_FILES + " files)");
                if (e.isDirectory()) continue;
                String name = baseName(e.getName());
                if (name == null) continue; // hidden files and macOS resource forks
                String pointer = "/" + ProblemError.token(ProblemError.printable(name));
                if (!name.matches("[A-Za-z0-9_.-]{1,64}\\.(csv|json|md|txt)")) {
                    errors.add(ProblemError.at(pointer, "not a scenario file: expected name.csv, name.json, name.md or name.txt"));
                    continue;
                }
                byte[] bytes = readBounded(in, Math.min(MAX_FILE_BYTES, MAX_TOTAL_BYTES - total));
                if (bytes == null) throw refuse("the archive expands beyond " + (MAX_FILE_BYTES >> 20) + " MB per file or " + (MAX_TOTAL_BYTES >> 20) + " MB in all");
                total += bytes.length;
                if (files.containsKey(name)) { errors.add(ProblemError.at(pointer, "appears twice in the archive")); continue; }
                if (files.size() >= MAX_FILES) throw refuse("the archive has more than " + MAX_FILES + " files");
                try {
                    files.put(name, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
                } catch (CharacterCodingException notUtf8) {
                    errors.add(ProblemError.at(pointer, "is not UTF-8 text"));
                }
            }
        } catch (ZipException | IllegalArgumentException corrupt) {
            throw refuse("the body is not a readable zip archive");
        } catch (IOException e) {
            throw refuse("the body is not a readable zip archive");
        }
        if (entries == 0) throw refuse("the body is not a zip archive of a scenario folder (no entries)");
        if (!errors.isEmpty()) throw ApiException.unprocessable("The archive holds files that are not part of a scenario.", errors);
        return files;
    }

    /** The entry's file name when it is at the root or inside a single folder; null for entries to skip. */
    private static String baseName(String entry) {
        String n = entry.replace('\\', '/');
        if (n.startsWith("__MACOSX/")) return null;
        int slash = n.lastIndexOf('/');
        String base = n.substring(slash + 1);
        if (base.startsWith(".")) return null;
        if (slash >= 0 && n.substring(0, slash).contains("/")) return "nested/" + base; // fails the name check
        if (n.startsWith("/") || n.contains("..")) return "path/" + base;
        return base;
    }

    private static byte[] readBounded(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long n = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            n += r;
            if (n > max) return null;
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    private static ApiException refuse(String why) {
        return ApiException.unprocessable("The scenario upload was refused: " + why + ".", List.of(ProblemError.at("", why)));
    }
}
