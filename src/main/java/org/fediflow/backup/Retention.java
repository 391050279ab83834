package org.fediflow.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fediflow.connector.storage.StoredObject;

/**
 * Which backup folders go. A folder is judged by the timestamp in its name: older than the retention → deleted;
 * without a manifest (an unfinished or failed run) and older than a day → deleted; but never the newest folder
 * with a manifest, and never a folder without a manifest that is younger than a day (it may still be running).
 */
final class Retention {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Retention() {
    }

    record Folder(String path, Instant time, boolean complete) {
    }

    /** The backup folders among the objects under {@code prefix}; anything else is left alone. */
    static List<Folder> folders(String prefix, List<StoredObject> objects) {
        Map<String, Boolean> complete = new LinkedHashMap<>();
        for (StoredObject object : objects) {
            String rest = object.key().substring(prefix.length() + 1);
            String[] parts = rest.split("/");
            if (parts.length < 5) {
                continue;
            }
            String folder = prefix + "/" + String.join("/", parts[0], parts[1], parts[2], parts[3]);
            complete.merge(folder, parts[4].equals("manifest.json") && parts.length == 5, Boolean::logicalOr);
        }
        List<Folder> folders = new ArrayList<>();
        complete.forEach((path, done) -> {
            try {
                Instant time = STAMP.parse(path.substring(path.lastIndexOf('/') + 1), Instant::from);
                folders.add(new Folder(path, time, done));
            } catch (DateTimeParseException e) {
                // not a backup folder
            }
        });
        return folders;
    }

    static List<String> toDelete(List<Folder> folders, Instant now, Duration retention) {
        Folder newestComplete = folders.stream().filter(Folder::complete).max(Comparator.comparing(Folder::time)).orElse(null);
        List<String> doomed = new ArrayList<>();
        for (Folder folder : folders) {
            Duration age = Duration.between(folder.time(), now);
            boolean expired = age.compareTo(retention) > 0 || (!folder.complete() && age.compareTo(Duration.ofDays(1)) > 0);
            boolean protectedFolder = folder == newestComplete || (!folder.complete() && age.compareTo(Duration.ofDays(1)) <= 0);
            if (expired && !protectedFolder) {
                doomed.add(folder.path());
            }
        }
        return doomed;
    }
}
