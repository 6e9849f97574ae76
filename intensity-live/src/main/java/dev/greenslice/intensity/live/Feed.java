package dev.greenslice.intensity.live;

import dev.greenslice.carbon.intensity.IntensityBasis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One provider's API: what it is, and how to fetch its latest value and a range of past values. */
interface Feed {

    /** @return e.g. {@code "Electricity Maps zone DE, lifecycle"}: provider, location and basis, no secrets */
    String label();

    /** @return the basis of the provider's figures */
    IntensityBasis basis();

    /** @return how far back from now {@link #range} can reach, or {@code null} if the provider sets no limit */
    Duration historyReach();

    /** @return the provider's most recent value(s); the last one is the latest */
    List<Observation> latest() throws FetchException;

    /** @return the values covering {@code [from, to)} as far as the provider has them */
    List<Observation> range(Instant from, Instant to) throws FetchException;
}
