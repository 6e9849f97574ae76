package dev.greenslice.carbon.meter;

/**
 * The sampler's recent history: a fixed ring of {@link Sample}s indexed by sequence number, plus the
 * latest one. One writer (under the meter's sample lock), any number of lock-free readers: samples are
 * immutable and found by checking the sequence number of the slot.
 */
final class SampleRing {

    private final Sample[] slots;
    private final int mask;
    private volatile Sample latest;

    SampleRing(int capacity) {
        if (Integer.bitCount(capacity) != 1 || capacity < 4) {
            throw new IllegalArgumentException("Sample history must be a power of two >= 4, got " + capacity);
        }
        this.slots = new Sample[capacity];
        this.mask = capacity - 1;
    }

    /** Publishes a new sample; single writer only. */
    void publish(Sample s) {
        slots[(int) (s.seq & mask)] = s;
        latest = s;
    }

    /** @return the newest sample; never null after the first publish */
    Sample latest() {
        return latest;
    }

    /** @return the sample with this sequence number, or null if never published or already overwritten */
    Sample get(long seq) {
        if (seq < 0) {
            return null;
        }
        Sample s = slots[(int) (seq & mask)];
        return s != null && s.seq == seq ? s : null;
    }

    int capacity() {
        return slots.length;
    }
}
