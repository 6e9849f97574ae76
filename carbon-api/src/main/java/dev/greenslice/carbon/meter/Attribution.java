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
     * Each window is charged the energy of the time it was open, split equally among the windows open on the
     * domain at each moment: inside a sampling interval the energy is interpolated linearly between the two
     * samples (as {@link #DEVICE_TOTAL} interpolates window edges), cut at every window edge, and each piece
     * shared by the windows open in it. A window's figure is thus never more than its device-total figure, the
     * windows' figures add up exactly (to rounding) to the device's energy over the union of their open time,
     * and the energy of time with no window open is charged to no window: the meter's
     * {@link MeterTotals#unattributedEnergy()} reports it, so that attributed + unattributed = the device total.
     * Device-time for embodied carbon is split the same way.
     */
    SHARED_BY_OVERLAP("shared: each moment's energy split equally among the windows open then; "
            + "energy while no window is open is left unattributed");

    private final String description;

    Attribution(String description) {
        this.description = description;
    }

    /** @return how the rule works, for reports */
    public String description() {
        return description;
    }
}
