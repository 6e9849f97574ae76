package dev.greenslice.nvml;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A compute process running on a GPU ({@code nvmlProcessInfo_t}). Immutable.
 *
 * @param pid               the process id
 * @param usedMemoryBytes   GPU memory it uses, bytes; empty where the driver cannot tell (Windows WDDM)
 * @param gpuInstanceId     the MIG GPU instance it runs in; empty when MIG is disabled
 * @param computeInstanceId the MIG compute instance it runs in; empty when MIG is disabled
 */
public record ComputeProcess(long pid, OptionalLong usedMemoryBytes, OptionalInt gpuInstanceId,
                             OptionalInt computeInstanceId) {
}
