package org.fediflow.onboarding;

import java.net.URI;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether a username or display name imitates a staff account.
 *
 * <p>The rule, in the spirit of Unicode TR39's "skeletons": both the name and each protected name are reduced to a
 * skeleton — compatibility-normalized (NFKC, so fullwidth and styled letters become plain ones), lower-cased, with
 * look-alikes replaced by the letter they imitate (Cyrillic and Greek homoglyphs, digits and symbols used as letters:
 * {@code 0→o}, {@code 3→e}, {@code $→s}, {@code rn→m}, {@code vv→w}; {@code i}, {@code l}, {@code 1} and {@code |}
 * are all one letter) and everything that is not a letter dropped ({@code a_d.m-i-n}). A name imitates a protected
 * name when its skeleton contains the protected skeleton. Protected: admin, moderator, support, staff, official,
 * security, abuse, postmaster, webmaster, helpdesk, mastodon, the server's own name (its host's labels of four or
 * more letters, without the top-level domain) and {@code fediflow.onboarding.staff-names}. It is a signal for the
 * moderators, not a verdict: {@code staffordshire_knits} is flagged too.
 */
final class StaffImitation {

    static final List<String> PROTECTED = List.of("admin", "moderator", "support", "staff", "official", "security",
            "abuse", "postmaster", "webmaster", "helpdesk", "mastodon");

    private static final Map<Character, String> LOOK_ALIKES = Map.ofEntries(
            Map.entry('0', "o"), Map.entry('1', "l"), Map.entry('!', "l"), Map.entry('|', "l"), Map.entry('i', "l"),
            Map.entry('3', "e"), Map.entry('4', "a"), Map.entry('@', "a"), Map.entry('5', "s"), Map.entry('$', "s"),
            Map.entry('7', "t"), Map.entry('+', "t"), Map.entry('8', "b"), Map.entry('9', "g"), Map.entry('6', "b"),
            // Cyrillic
            Map.entry('а', "a"), Map.entry('в', "b"), Map.entry('е', "e"), Map.entry('ё', "e"), Map.entry('к', "k"),
            Map.entry('м', "m"), Map.entry('н', "h"), Map.entry('о', "o"), Map.entry('р', "p"), Map.entry('с', "c"),
            Map.entry('т', "t"), Map.entry('у', "y"), Map.entry('х', "x"), Map.entry('і', "l"), Map.entry('ї', "l"),
            Map.entry('ј', "j"), Map.entry('ѕ', "s"), Map.entry('ԁ', "d"), Map.entry('ɡ', "g"), Map.entry('ո', "n"),
            // Greek
            Map.entry('α', "a"), Map.entry('β', "b"), Map.entry('ε', "e"), Map.entry('η', "n"), Map.entry('ι', "l"),
            Map.entry('κ', "k"), Map.entry('ν', "v"), Map.entry('ο', "o"), Map.entry('ρ', "p"), Map.entry('τ', "t"),
            Map.entry('υ', "u"), Map.entry('χ', "x"), Map.entry('μ', "u"),
            // Latin look-alikes NFKC keeps
            Map.entry('ı', "l"), Map.entry('ł', "l"), Map.entry('ø', "o"), Map.entry('đ', "d"));

    private final Set<String> names;

    StaffImitation(String mastodonUrl, List<String> staffNames) {
        Set<String> all = new LinkedHashSet<>(PROTECTED);
        all.addAll(serverNames(mastodonUrl));
        staffNames.stream().map(String::trim).filter(n -> !n.isEmpty()).forEach(all::add);
        this.names = all;
    }

    /** The protected name {@code name} imitates, or null. */
    String imitated(String name) {
        String skeleton = skeleton(name);
        if (skeleton.isEmpty()) {
            return null;
        }
        for (String protectedName : names) {
            String target = skeleton(protectedName);
            if (!target.isEmpty() && skeleton.contains(target)) {
                return protectedName;
            }
        }
        return null;
    }

    static String skeleton(String name) {
        if (name == null) {
            return "";
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        // Accents off (é → e) after NFKC: NFD splits the mark from its letter.
        folded = Normalizer.normalize(folded, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            String mapped = LOOK_ALIKES.get(c);
            if (mapped != null) {
                out.append(mapped);
            } else if (c >= 'a' && c <= 'z') {
                out.append(c);
            }
        }
        return out.toString().replace("rn", "m").replace("vv", "w");
    }

    static List<String> serverNames(String mastodonUrl) {
        List<String> labels = new ArrayList<>();
        if (mastodonUrl == null || mastodonUrl.isBlank()) {
            return labels;
        }
        String host = URI.create(mastodonUrl.trim()).getHost();
        if (host == null) {
            return labels;
        }
        String[] parts = host.toLowerCase(Locale.ROOT).split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].length() >= 4 && !parts[i].equals("www") && parts[i].chars().allMatch(Character::isLetter)) {
                labels.add(parts[i]);
            }
        }
        return labels;
    }
}
