package dev.greenslice.nvml;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The calls on the metering hot path: power, energy and clocks. Each writes its result into caller-owned
 * native memory, so a read allocates nothing. Direct-mapped ({@link Direct}) for the JVM's NVML library;
 * through JNA {@link Function} handles for any other library file opened in the same JVM, since a class's
 * native methods can be bound to one library only.
 */
interface HotCalls {

    /** {@code nvmlDeviceGetPowerUsage}: milliwatts, as an unsigned int at {@code out}. */
    int powerUsage(Pointer device, Pointer out);

    /** {@code nvmlDeviceGetTotalEnergyConsumption}: millijoules, as an unsigned long long at {@code out}. */
    int totalEnergy(Pointer device, Pointer out);

    /** {@code nvmlDeviceGetClockInfo}: MHz, as an unsigned int at {@code out}. */
    int clockInfo(Pointer device, int type, Pointer out);

    /** @return whether these calls are JNA direct-mapped */
    boolean direct();

    /** JNA direct mapping: native methods registered on {@link NvmlDirect} for one library per JVM. */
    final class Direct implements HotCalls {

        private static NativeLibrary boundTo;

        private Direct() {
        }

        /** Binds {@link NvmlDirect} to {@code library} if no library holds it yet; null if it cannot. */
        static synchronized HotCalls bind(NativeLibrary library) {
            if (boundTo != null) {
                return boundTo == library ? new Direct() : null;
            }
            try {
                for (String symbol : new String[] {"nvmlDeviceGetPowerUsage", "nvmlDeviceGetTotalEnergyConsumption",
                        "nvmlDeviceGetClockInfo"}) {
                    library.getFunction(symbol); // every hot symbol must exist, or none is direct-mapped
                }
                Native.register(NvmlDirect.class, library);
                boundTo = library;
                return new Direct();
            } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        public int powerUsage(Pointer device, Pointer out) {
            return NvmlDirect.nvmlDeviceGetPowerUsage(device, out);
        }

        @Override
        public int totalEnergy(Pointer device, Pointer out) {
            return NvmlDirect.nvmlDeviceGetTotalEnergyConsumption(device, out);
        }

        @Override
        public int clockInfo(Pointer device, int type, Pointer out) {
            return NvmlDirect.nvmlDeviceGetClockInfo(device, type, out);
        }

        @Override
        public boolean direct() {
            return true;
        }
    }

    /** Calls through {@link Function} handles; a symbol the library lacks answers FUNCTION_NOT_FOUND. */
    final class Indirect implements HotCalls {

        private final Function power;
        private final Function energy;
        private final Function clock;

        Indirect(NativeLibrary library) {
            this.power = lookup(library, "nvmlDeviceGetPowerUsage");
            this.energy = lookup(library, "nvmlDeviceGetTotalEnergyConsumption");
            this.clock = lookup(library, "nvmlDeviceGetClockInfo");
        }

        private static Function lookup(NativeLibrary library, String name) {
            try {
                return library.getFunction(name);
            } catch (UnsatisfiedLinkError e) {
                return null;
            }
        }

        @Override
        public int powerUsage(Pointer device, Pointer out) {
            return power == null ? NvmlReturn.FUNCTION_NOT_FOUND.code() : power.invokeInt(new Object[] {device, out});
        }

        @Override
        public int totalEnergy(Pointer device, Pointer out) {
            return energy == null ? NvmlReturn.FUNCTION_NOT_FOUND.code() : energy.invokeInt(new Object[] {device, out});
        }

        @Override
        public int clockInfo(Pointer device, int type, Pointer out) {
            return clock == null ? NvmlReturn.FUNCTION_NOT_FOUND.code() : clock.invokeInt(new Object[] {device, type, out});
        }

        @Override
        public boolean direct() {
            return false;
        }
    }
}
