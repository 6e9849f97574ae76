package dev.greenslice.carbon.meter;

/**
 * How a window's energy relates to the device's when several windows are open on it at once.
 */
public enum Attribution {

    /**
     * Each window reports the whole device's energy during it (as Zeus does): two overlapping windows
     * both see the overlap, so their figures do not add up to the device total. The default.
     */
    DEVICE_TOTAL("device total: each window reports all energy of its domains while it was open"),

    /**
     * Each sampling interval's energy is split among the windows open on that domain in proportion to
     * how long each was open in the interval, so that the windows' parts add up to the device total
     * over the time any window was open. Device-time for embodied carbon is split the same way.
     */
    SHARED_BY_OVERLAP("shared: each interval's energy split among the windows open in it, by overlap");

    private final String description;

    Attribution(String description) {
        this.description = description;
    }

    /** @return how the rule works, for reports */
    public String description() {
        return description;
    }
}
