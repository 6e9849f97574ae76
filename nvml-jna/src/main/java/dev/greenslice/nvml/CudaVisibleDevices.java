package dev.greenslice.nvml;

import java.util.List;
import java.util.Objects;

/**
 * {@code CUDA_VISIBLE_DEVICES} resolved against NVML, following CUDA's rules: entries are device indices or
 * {@code GPU-}/{@code MIG-} UUIDs (or a unique prefix of one); the first entry CUDA cannot resolve hides it and
 * every later entry; an unset variable shows every GPU, an empty one none. Immutable.
 *
 * @param devices the visible devices, in CUDA's order
 * @param ignored entries CUDA ignores (the first invalid one and those after it), with the reason
 * @param notes   caveats, e.g. that indices are NVML's PCI order while {@code CUDA_DEVICE_ORDER} is not
 *                {@code PCI_BUS_ID}
 */
public record CudaVisibleDevices(List<CudaDevice> devices, List<String> ignored, List<String> notes) {

    /**
     * The resolved variable; the lists are copied.
     *
     * @param devices the visible devices, in CUDA's order
     * @param ignored entries CUDA ignores (the first invalid one and those after it), with the reason
     * @param notes   caveats, e.g. that indices are NVML's PCI order while {@code CUDA_DEVICE_ORDER} is not {@code
     *                PCI_BUS_ID}
     * @throws NullPointerException if a list is null or holds a null
     */
    public CudaVisibleDevices {
        devices = List.copyOf(Objects.requireNonNull(devices, "devices"));
        ignored = List.copyOf(Objects.requireNonNull(ignored, "ignored"));
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
    }
}
