package org.fediflow.upgrade;

/**
 * A stable release newer than the running one, as the feeds describe it.
 *
 * @param version     {@code 4.3.2} (checked against {@link Version#STABLE})
 * @param publishedAt ISO-8601 instant of publication on GitHub (when only the update-check service knows it: when it
 *                    was first seen)
 * @param urgent      flagged urgent (security) by the update-check service, or carrying an urgent skipped release
 * @param type        {@code major}, {@code minor} or {@code patch} relative to the running version
 * @param notesUrl    the release notes
 */
public record Release(String version, String publishedAt, boolean urgent, String type, String notesUrl) {
}
