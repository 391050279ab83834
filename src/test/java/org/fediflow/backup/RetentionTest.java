package org.fediflow.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.fediflow.connector.storage.StoredObject;
import org.junit.jupiter.api.Test;

/** The retention rules, on folder listings as the bucket returns them. */
class RetentionTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final Duration P14D = Duration.ofDays(14);

    private static List<StoredObject> folder(Instant time, boolean manifest) {
        String path = "backups/" + BeginBackupConnector.FOLDER.format(time);
        List<StoredObject> objects = new ArrayList<>(List.of(new StoredObject(path + "/postgres.dump.age", 10, null, time)));
        if (manifest) {
            objects.add(new StoredObject(path + "/manifest.json", 1, null, time));
        }
        return objects;
    }

    private static List<String> deleted(List<List<StoredObject>> folders) {
        List<StoredObject> all = folders.stream().flatMap(List::stream).toList();
        return Retention.toDelete(Retention.folders("backups", all), NOW, P14D);
    }

    private static String path(Instant time) {
        return "backups/" + BeginBackupConnector.FOLDER.format(time);
    }

    @Test
    void deletesCompleteFoldersOlderThanTheRetentionOnly() {
        Instant old = NOW.minus(Duration.ofDays(15));
        Instant young = NOW.minus(Duration.ofDays(13));
        assertThat(deleted(List.of(folder(old, true), folder(young, true)))).containsExactly(path(old));
    }

    @Test
    void neverDeletesTheNewestCompleteFolderHoweverOld() {
        Instant older = NOW.minus(Duration.ofDays(40));
        Instant newest = NOW.minus(Duration.ofDays(30));
        Instant failedLater = NOW.minus(Duration.ofDays(20));
        assertThat(deleted(List.of(folder(older, true), folder(newest, true), folder(failedLater, false))))
                .containsExactlyInAnyOrder(path(older), path(failedLater));
    }

    @Test
    void keepsAFolderWithoutManifestForADayThenDeletesIt() {
        Instant running = NOW.minus(Duration.ofHours(23));
        Instant abandoned = NOW.minus(Duration.ofHours(25));
        Instant good = NOW.minus(Duration.ofHours(6));
        assertThat(deleted(List.of(folder(running, false), folder(abandoned, false), folder(good, true))))
                .containsExactly(path(abandoned));
    }

    @Test
    void judgesByTheFolderNameAndLeavesOtherObjectsAlone() {
        List<StoredObject> objects = List.of(new StoredObject("backups/README.txt", 1, null, NOW.minus(Duration.ofDays(90))),
                new StoredObject("backups/2020/01/01/notastamp/manifest.json", 1, null, NOW.minus(Duration.ofDays(90))));
        assertThat(Retention.toDelete(Retention.folders("backups", objects), NOW, P14D)).isEmpty();
    }
}
