/**
 * A fleet plan onto a Kubernetes cluster run with NVIDIA's GPU Operator: the node inventory
 * ({@link dev.greenslice.kubernetes.NodeInventory}, from {@code kubectl get nodes -o json}), the planned GPUs placed
 * on nodes ({@link dev.greenslice.kubernetes.ClusterPlan}), and the objects that run it
 * ({@link dev.greenslice.kubernetes.ClusterManifests}): a mig-parted configuration per node layout for the MIG
 * manager, the node labels that select them, one {@code Deployment} per model requesting its MIG profile under the
 * device plugin's mixed strategy, and {@code DaemonSet}s that hold each node's planned SM clocks.
 *
 * <p>Objects are fabric8 {@code kubernetes-model} objects written as YAML by Jackson; nothing from a workload or
 * inventory file is pasted into YAML text. This module is for the command line and deployment tools; serving stacks
 * need not take it.
 *
 * <p><b>Units:</b> MIG profiles and slices, SM clocks in MHz. <b>Thread-safety:</b> inventories, plans and
 * manifests are immutable and thread-safe; their builders are not.
 */
package dev.greenslice.kubernetes;
