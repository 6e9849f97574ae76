package dev.greenslice.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes object names for model names: DNS-1123 labels (at most 63 of {@code a-z}, {@code 0-9} and {@code -},
 * starting and ending with a letter or digit). Upper case is lowered; every other character ({@code _}, {@code .},
 * {@code #}, spaces, anything outside ASCII) becomes {@code -}; leading and trailing {@code -} go. Where two models
 * map to one name, or a name was cut to fit, each such name gets {@code -} and 6 hex digits of its original name's
 * SHA-256 (more digits, then a counter, should that collide too), so that every model gets a distinct, stable name.
 * No name is refused.
 */
final class ObjectNames {

    static final int MAX = 63;
    private static final int HASH = 6;

    private ObjectNames() {
    }

    /** @return each name's object name, in the given order; distinct */
    static Map<String, String> of(List<String> names) {
        Map<String, String> base = new LinkedHashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (String n : names) {
            String b = base(n);
            base.put(n, b);
            uses.merge(b, 1, Integer::sum);
        }
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        // Names that need no hash claim theirs first, so a hashed name never takes a plain one's.
        for (String n : names) {
            String b = base.get(n);
            if (uses.get(b) == 1 && b.length() <= MAX && !b.isEmpty()) {
                out.put(n, b);
                taken.add(b);
            }
        }
        for (String n : names) {
            if (out.containsKey(n)) {
                continue;
            }
            String b = base.get(n);
            String hex = sha256(n);
            String chosen = null;
            for (int digits = HASH; digits <= 16 && chosen == null; digits += 2) {
                String c = hashed(b, hex.substring(0, digits));
                if (!taken.contains(c)) {
                    chosen = c;
                }
            }
            for (int k = 2; chosen == null; k++) {
                String c = hashed(b, hex.substring(0, 16) + "-" + k);
                if (!taken.contains(c)) {
                    chosen = c;
                }
            }
            out.put(n, chosen);
            taken.add(chosen);
        }
        return out;
    }

    /** The name with every character outside {@code [a-z0-9]} (after lower-casing) as {@code -}, trimmed of them. */
    static String base(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            b.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '-');
        }
        int s = 0;
        int e = b.length();
        while (s < e && b.charAt(s) == '-') {
            s++;
        }
        while (e > s && b.charAt(e - 1) == '-') {
            e--;
        }
        return b.substring(s, e);
    }

    private static String hashed(String base, String suffix) {
        String head = base.isEmpty() ? "model" : base;
        int room = MAX - 1 - suffix.length();
        if (head.length() > room) {
            head = head.substring(0, room);
            while (head.endsWith("-")) {
                head = head.substring(0, head.length() - 1);
            }
        }
        return head + "-" + suffix;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** @return whether a name is a DNS-1123 label */
    static boolean isDnsLabel(String s) {
        return s.length() >= 1 && s.length() <= MAX && s.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }
}
