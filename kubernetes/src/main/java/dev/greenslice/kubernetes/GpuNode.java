package dev.greenslice.kubernetes;

import dev.greenslice.carbon.gpu.GpuModel;

import java.util.Objects;

/**
 * One GPU node of a cluster as GPU feature discovery labels it: its name, the value of its
 * {@code kubernetes.io/hostname} label (what a {@code nodeSelector} matches), its GPU product and how many GPUs it
 * has. Immutable.
 *
 * @param name         the node's name ({@code metadata.name}), a DNS-1123 subdomain
 * @param hostname     its {@code kubernetes.io/hostname} label, or its name when it has none
 * @param productLabel its {@code nvidia.com/gpu.product} label as found, e.g. {@code NVIDIA-A100-SXM4-80GB}
 * @param gpu          the catalogue GPU that label names
 * @param gpuCount     its {@code nvidia.com/gpu.count} label: physical GPUs on the node, at least 1
 */
public record GpuNode(String name, String hostname, String productLabel, GpuModel gpu, int gpuCount) {

    /**
     * Checks the components.
     *
     * @param name         the node's name
     * @param hostname     its {@code kubernetes.io/hostname} label, or its name
     * @param productLabel its {@code nvidia.com/gpu.product} label
     * @param gpu          the catalogue GPU
     * @param gpuCount     physical GPUs on the node
     * @throws IllegalArgumentException for a count below 1, naming the node
     */
    public GpuNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(productLabel, "productLabel");
        Objects.requireNonNull(gpu, "gpu");
        if (gpuCount < 1) {
            throw new IllegalArgumentException("Node " + name + ": GPU count must be >= 1, got " + gpuCount);
        }
    }
}
