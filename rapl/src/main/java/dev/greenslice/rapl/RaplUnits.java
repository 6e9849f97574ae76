package dev.greenslice.rapl;

/**
 * The units of {@code MSR_RAPL_POWER_UNIT} (Intel 0x606, AMD 0xC0010299): power in 1/2^PU W (bits 3:0),
 * energy in 1/2^ESU J (bits 12:8), time in 1/2^TU s (bits 19:16).
 *
 * @param powerWatts    watts per power unit
 * @param energyJoules  joules per energy-status count
 * @param timeSeconds   seconds per time unit
 * @param energyStatusUnit the raw ESU field
 */
record RaplUnits(double powerWatts, double energyJoules, double timeSeconds, int energyStatusUnit) {

    /** Decodes the register's value. */
    static RaplUnits decode(long register) {
        int pu = (int) (register & 0xF);
        int esu = (int) ((register >>> 8) & 0x1F);
        int tu = (int) ((register >>> 16) & 0xF);
        return new RaplUnits(1.0 / (1L << pu), 1.0 / (1L << esu), 1.0 / (1L << tu), esu);
    }
}
