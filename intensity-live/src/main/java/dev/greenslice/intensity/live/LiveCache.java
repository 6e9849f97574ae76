package dev.greenslice.intensity.live;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.intensity.IntensitySource;
import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The engine behind every live provider: a cache of the values a {@link Feed} published, answering
 * {@link IntensitySource#at} from it while a value is valid, fetching when it is not, and on failure answering
 * with the last good value or the fallback source, flagged in the factor's source text.
 *
 * <p>After a failure no request is made for {@code retryAfter}, so a dead API costs one timeout, not one per
 * call. Thread-safe: one lock, held across a fetch so that concurrent callers do not all hit the API.
 */
final class LiveCache {

    /** Instants at most this far back are first asked of the provider's "latest" endpoint. */
    static final Duration RECENT = Duration.ofHours(2);
    /** How much history one range request asks for after the instant wanted. */
    static final Duration RANGE_CHUNK = Duration.ofHours(6);
    /** Bound on cached values: a year of hourly data, or about two months of 5-minute data. */
    static final int MAX_ENTRIES = 20_000;
    private static final int MAX_FETCHES_PER_CALL = 4;

    private final Feed feed;
    private final Clock clock;
    private final IntensitySource fallback;
    private final Duration retryAfter;
    private final Duration maxStaleness;
    private final Supplier<Collection<Secret>> secrets;
    private final Logger log;

    private final TreeMap<Instant, Observation> cache = new TreeMap<>();
    private Observation latest;
    private Instant latestFetchedAt;
    private String failure;
    private Instant retryNotBefore = Instant.MIN;
    private Observation lastFresh;
    private IntensityFactor lastFreshFactor;

    LiveCache(Feed feed, LiveOptions options, Supplier<Collection<Secret>> secrets, Logger log) {
        this.feed = feed;
        this.clock = options.clock;
        this.fallback = options.fallback;
        this.retryAfter = options.retryAfter;
        this.maxStaleness = options.maxStaleness;
        this.secrets = secrets;
        this.log = log;
    }

    synchronized IntensityFactor at(Instant t) {
        Objects.requireNonNull(t, "instant");
        Instant now = clock.wallTime();
        IntensityFactor known = fromCache(t);
        if (known != null) {
            return known;
        }
        if (now.isBefore(retryNotBefore)) {
            return degraded(t, failure);
        }
        try {
            fetchFor(t, now);
        } catch (FetchException e) {
            fail(now, e.getMessage());
            return degraded(t, failure);
        }
        known = fromCache(t);
        if (known != null) {
            recovered();
            return known;
        }
        if (t.isAfter(now)) {
            throw new IllegalArgumentException("No carbon intensity from " + feed.label() + " for " + t
                    + ": it is in the future (now " + now + ") and live sources give past and current values only");
        }
        fail(now, "the provider has no value for " + t);
        return degraded(t, failure);
    }

    synchronized List<Instant> changesBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Interval end " + to + " is before its start " + from);
        }
        Instant now = clock.wallTime();
        Instant cursor = from;
        for (int fetches = 0; fetches < MAX_FETCHES_PER_CALL && cursor.isBefore(to); ) {
            Instant gap = firstUncovered(cursor, to, now);
            if (gap == null || gap.isAfter(now) || now.isBefore(retryNotBefore)) {
                break;
            }
            fetches++;
            try {
                fetchFor(gap, now);
                recovered();
            } catch (FetchException e) {
                fail(now, e.getMessage());
                break;
            }
            Instant after = firstUncovered(gap, to, now);
            if (after != null && !after.isAfter(gap)) {
                break; // the provider has nothing for it; at() will say so
            }
            cursor = after == null ? to : after;
        }
        List<Instant> out = new ArrayList<>();
        for (Observation o : cache.subMap(from, false, to, false).values()) {
            Map.Entry<Instant, Observation> before = cache.lowerEntry(o.start());
            Observation prev = before == null ? null : before.getValue();
            if (prev == null || !prev.end().equals(o.start()) || !prev.value().equals(o.value())) {
                out.add(o.start());
            }
        }
        return out;
    }

    /** The factor for {@code t} if a cached value is valid for it, else {@code null}. */
    private IntensityFactor fromCache(Instant t) {
        Map.Entry<Instant, Observation> e = cache.floorEntry(t);
        if (e != null && e.getValue().covers(t)) {
            return fresh(e.getValue());
        }
        if (latest != null && !latest.covers(latestFetchedAt) && !t.isBefore(latest.end())
                && !t.isAfter(latestFetchedAt.plus(latest.length()))) {
            // The provider's newest value was already behind when we asked: it stands for now, said so.
            return factor(latest, ", latest published value (the provider had nothing newer at " + latestFetchedAt + ")");
        }
        return null;
    }

    /** The first instant in {@code [from, to)} that no cached value answers, or {@code null}. */
    private Instant firstUncovered(Instant from, Instant to, Instant now) {
        Instant t = from;
        while (t.isBefore(to)) {
            Map.Entry<Instant, Observation> e = cache.floorEntry(t);
            if (e != null && e.getValue().covers(t)) {
                t = e.getValue().end();
                continue;
            }
            if (fromCache(t) != null) {
                // Covered by the lagging latest value up to the end of its validity.
                t = latestFetchedAt.plus(latest.length()).plusNanos(1);
                continue;
            }
            return t;
        }
        return null;
    }

    private void fetchFor(Instant t, Instant now) throws FetchException {
        if (!t.isBefore(now.minus(RECENT))) {
            List<Observation> got = feed.latest();
            if (got.isEmpty()) {
                throw new FetchException("malformed response: no values");
            }
            store(got);
            latest = got.get(got.size() - 1);
            latestFetchedAt = now;
            if (fromCache(t) != null || t.isAfter(now)) {
                return;
            }
        }
        Duration reach = feed.historyReach();
        if (reach != null && t.isBefore(now.minus(reach))) {
            throw new IllegalArgumentException("No carbon intensity from " + feed.label() + " for " + t
                    + ": its history reaches back " + Spans.human(reach) + " (to " + now.minus(reach)
                    + "); load a CSV export with CarbonIntensities.trace for older periods");
        }
        Instant end = t.plus(RANGE_CHUNK);
        store(feed.range(t, end.isAfter(now) ? now : end));
    }

    private void store(List<Observation> observations) {
        for (Observation o : observations) {
            cache.put(o.start(), o);
        }
        while (cache.size() > MAX_ENTRIES) {
            cache.pollFirstEntry();
        }
    }

    private void fail(Instant now, String reason) {
        String clean = Secret.redact(reason, secrets.get());
        if (failure == null) {
            log.warn("{}: refresh failed ({}); answering with the last good value or the fallback, retrying after {}",
                    feed.label(), clean, Spans.human(retryAfter));
        } else {
            log.debug("{}: refresh failed again ({})", feed.label(), clean);
        }
        failure = clean;
        retryNotBefore = now.plus(retryAfter);
    }

    private void recovered() {
        if (failure != null) {
            log.info("{}: refreshed again after failing ({})", feed.label(), failure);
            failure = null;
        }
        retryNotBefore = Instant.MIN;
    }

    private IntensityFactor degraded(Instant t, String reason) {
        Map.Entry<Instant, Observation> floor = cache.floorEntry(t);
        Observation stale = floor != null ? floor.getValue() : (cache.isEmpty() ? null : cache.firstEntry().getValue());
        boolean recentEnough = stale != null
                && Duration.between(stale.end(), t).compareTo(maxStaleness) <= 0;
        if (stale != null && (recentEnough || fallback == null)) {
            String how = floor != null ? "stale: last good value from " + stale.start()
                    : "nearest good value, from " + stale.start() + ", after the instant asked";
            return factor(stale, " (" + how + ", refresh failed: " + reason + ")");
        }
        if (fallback != null) {
            IntensityFactor f = fallback.at(t);
            return f.toBuilder()
                    .source("fallback " + f.source() + " (" + feed.label() + " unavailable: " + reason + ")").build();
        }
        throw new IntensityUnavailableException("No carbon intensity from " + feed.label() + " for " + t + ": " + reason
                + "; there is no earlier value and no fallback source. Check the service and the credentials, or "
                + "set .fallback(...) on the builder, e.g. CarbonIntensities.of(EnergySource.GAS)");
    }

    private IntensityFactor fresh(Observation o) {
        // A meter asks about the same value again and again: keep the factor built for the last one.
        if (lastFresh != o) {
            lastFreshFactor = factor(o, "");
            lastFresh = o;
        }
        return lastFreshFactor;
    }

    private IntensityFactor factor(Observation o, String suffix) {
        String source = feed.label() + ", " + o.start() + " + " + Spans.human(o.length())
                + (o.detail().isEmpty() ? "" : ", " + o.detail()) + suffix;
        return IntensityFactor.exact(o.value(), feed.basis(), source, o.start().atOffset(ZoneOffset.UTC).getYear());
    }

    /** The factor now, by the configured clock. */
    IntensityFactor current() {
        return at(clock.wallTime());
    }

    /** {@code what}, followed by the last refresh failure's reason while the provider is failing. */
    synchronized String describe(String what) {
        return what + (failure == null ? "" : " — last refresh failed: " + failure);
    }
}
