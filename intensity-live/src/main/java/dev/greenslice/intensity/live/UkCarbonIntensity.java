package dev.greenslice.intensity.live;

import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.intensity.IntensitySource;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The live carbon intensity of Great Britain's grid, or one of its regions, from the UK Carbon Intensity API
 * (National Energy System Operator; no key), in gCO2/kWh at half-hourly resolution.
 *
 * <p><b>Its factors are direct, not lifecycle:</b> they count what power stations emit when they burn fuel,
 * not construction or fuel supply, so they are lower than lifecycle figures such as Electricity Maps' default or
 * the IPCC table; every factor records {@link IntensityBasis#DIRECT} and says so in its source. National values
 * are the measured "actual" where published, else the forecast; regional values are forecasts only; each factor
 * says which.
 *
 * <p>Choose the area explicitly — {@link #nationalBuilder()}, {@link #regionBuilder(int)} or
 * {@link #postcodeBuilder(String)}; there is no default. Caching, failure handling, staleness and fallback are as
 * for {@link ElectricityMapsIntensity}. Thread-safe; {@link #at} may block for up to the timeout when it fetches.
 */
public final class UkCarbonIntensity implements IntensitySource {

    /** The API's address. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.carbonintensity.org.uk");

    private static final Pattern OUTWARD_POSTCODE = Pattern.compile("[A-Z]{1,2}[0-9][A-Z0-9]?");

    private final String area;
    private final URI baseUrl;
    private final LiveCache cache;

    private UkCarbonIntensity(Builder b) {
        this.area = b.regionId != null ? "region " + b.regionId : b.postcode != null ? "postcode " + b.postcode : "GB national";
        this.baseUrl = b.options.baseUrl;
        HttpFetcher http = new HttpFetcher(b.options.client(), b.options.timeout, List::of);
        UkCarbonIntensityFeed feed = new UkCarbonIntensityFeed(baseUrl, b.regionId, b.postcode, http);
        this.cache = new LiveCache(feed, b.options, List::of, LoggerFactory.getLogger(UkCarbonIntensity.class));
    }

    /**
     * Great Britain as a whole (actual where published, else forecast).
     *
     * @return a builder
     */
    public static Builder nationalBuilder() {
        return new Builder(null, null);
    }

    /**
     * One region (forecasts only).
     *
     * @param regionId the API's region id: 1–14 the distribution network regions (e.g. 13 London), 15 England,
     *                 16 Scotland, 17 Wales
     * @return a builder
     * @throws IllegalArgumentException for an id outside 1–17
     */
    public static Builder regionBuilder(int regionId) {
        if (regionId < 1 || regionId > 17) {
            throw new IllegalArgumentException("UK Carbon Intensity region id " + regionId
                    + " does not exist; use 1–14 for a network region (13 is London), 15 England, 16 Scotland, 17 Wales");
        }
        return new Builder(regionId, null);
    }

    /**
     * The region of an outward postcode (forecasts only).
     *
     * @param outwardPostcode the first part of a postcode, e.g. {@code "RG10"} or {@code "SW1A"}
     * @return a builder
     * @throws IllegalArgumentException if it is not an outward postcode
     */
    public static Builder postcodeBuilder(String outwardPostcode) {
        Objects.requireNonNull(outwardPostcode, "outwardPostcode");
        String pc = outwardPostcode.trim().toUpperCase(Locale.ROOT);
        if (!OUTWARD_POSTCODE.matcher(pc).matches()) {
            throw new IllegalArgumentException("'" + outwardPostcode + "' is not an outward postcode; give the first "
                    + "part only, e.g. RG10 or SW1A");
        }
        return new Builder(null, pc);
    }

    @Override
    public IntensityFactor at(Instant instant) {
        return cache.at(instant);
    }

    @Override
    public List<Instant> changesBetween(Instant from, Instant to) {
        return cache.changesBetween(from, to);
    }

    /** @return the factor now, by the configured clock */
    public IntensityFactor current() {
        return cache.current();
    }

    @Override
    public String description() {
        return cache.describe("UK Carbon Intensity API, " + area + " (live, direct emissions, not lifecycle)");
    }

    @Override
    public String toString() {
        return "UkCarbonIntensity[" + area + ", baseUrl=" + baseUrl + "]";
    }

    /** Configures a {@link UkCarbonIntensity}. Not thread-safe. */
    public static final class Builder extends AbstractLiveIntensityBuilder<Builder> {
        private final Integer regionId;
        private final String postcode;

        private Builder(Integer regionId, String postcode) {
            super(DEFAULT_BASE_URL);
            this.regionId = regionId;
            this.postcode = postcode;
        }

        /** @return the source; nothing is fetched until a value is asked for */
        public UkCarbonIntensity build() {
            return new UkCarbonIntensity(this);
        }
    }
}
