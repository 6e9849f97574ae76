package dev.greenslice.intensity.live;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A credential (API token, password, bearer token) that must never be printed: {@link #toString()} masks it
 * and {@link #redact} removes every known secret, any piece of one and every URL's user-info and query from text
 * before it reaches a log, an exception or a report.
 */
final class Secret {

    static final String MASK = "****";
    /** The shortest piece of a secret that is taken for a leak of it. */
    static final int FRAGMENT = 6;
    /** Words of this module's own advice, never taken for a piece of a secret (a secret equal to one is still masked). */
    private static final Set<String> OWN_WORDS = Set.of("WATTTIME_USERNAME", "WATTTIME_PASSWORD", "ELECTRICITYMAPS_TOKEN");
    /** A run of characters that can belong to a credential or a URL. */
    private static final Pattern WORD = Pattern.compile("[^\\s\"'<>(),;{}\\[\\]]+");
    private static final Pattern URL = Pattern.compile(
            "(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?:(?<userinfo>[^/\\s?#@\"'<>]*)@)?(?<rest>[^\\s?#\"'<>]*)"
                    + "(?:\\?(?<query>[^\\s#\"'<>]*))?(?:#(?<fragment>[^\\s\"'<>]*))?");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** @throws IllegalArgumentException if the value is blank (its text is never shown) */
    static Secret of(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
        return new Secret(value);
    }

    /** The value, for an HTTP header only. */
    String reveal() {
        return value;
    }

    /**
     * Makes text safe to show: the user-info, query and fragment of every URL in it are masked, every known secret
     * (as given, without an auth scheme such as {@code Basic }, URL-encoded, or Base64-encoded) is replaced with
     * {@value #MASK}, and every word holding a piece of one ({@value #FRAGMENT} characters or more, e.g. a token a
     * server echoed in part or cut at a length limit) is replaced whole.
     */
    static String redact(String text, Collection<Secret> secrets) {
        if (text == null) {
            return null;
        }
        String out = redactUrls(text);
        List<String> forms = new ArrayList<>();
        for (Secret s : secrets) {
            if (s != null && s.value.length() >= 3) {
                forms.addAll(forms(s.value));
            }
        }
        for (String f : forms) {
            out = out.replace(f, MASK);
        }
        Matcher m = WORD.matcher(out);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String w = m.group();
            m.appendReplacement(b, Matcher.quoteReplacement(!OWN_WORDS.contains(w) && holdsPiece(w, forms) ? MASK : w));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** Masks the user-info, query and fragment of each URL in the text, keeping scheme, host, port and path. */
    static String redactUrls(String text) {
        Matcher m = URL.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String url = m.group("scheme") + (m.group("userinfo") == null ? "" : MASK + "@") + m.group("rest")
                    + (m.group("query") == null ? "" : "?" + MASK) + (m.group("fragment") == null ? "" : "#" + MASK);
            m.appendReplacement(b, Matcher.quoteReplacement(url));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static List<String> forms(String value) {
        Set<String> f = new LinkedHashSet<>();
        f.add(value);
        for (String scheme : new String[]{"Basic ", "Bearer "}) {
            if (value.startsWith(scheme) && value.length() > scheme.length() + 2) {
                String bare = value.substring(scheme.length());
                f.add(bare);
                // A Basic credential decodes to user:password; either part may be echoed alone.
                if (scheme.equals("Basic ")) {
                    try {
                        String decoded = new String(Base64.getDecoder().decode(bare), StandardCharsets.UTF_8);
                        for (String part : decoded.split(":", 2)) {
                            if (part.length() >= FRAGMENT) {
                                f.add(part);
                            }
                        }
                    } catch (IllegalArgumentException notBase64) {
                        // keep the forms we have
                    }
                }
            }
        }
        for (String v : List.copyOf(f)) {
            f.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
            f.add(v.replace(" ", "%20"));
            f.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
            f.add(Base64.getUrlEncoder().withoutPadding().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
        }
        // Longest first, so that a secret is masked whole before any shorter form inside it.
        List<String> out = new ArrayList<>(f);
        out.sort((x, y) -> Integer.compare(y.length(), x.length()));
        return out;
    }

    private static boolean holdsPiece(String word, List<String> forms) {
        for (String f : forms) {
            if (f.length() < FRAGMENT) {
                if (word.contains(f)) {
                    return true;
                }
                continue;
            }
            for (int i = 0; i + FRAGMENT <= f.length(); i++) {
                if (word.contains(f.substring(i, i + FRAGMENT))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
