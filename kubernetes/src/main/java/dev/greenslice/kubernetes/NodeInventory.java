package dev.greenslice.kubernetes;

import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The GPU nodes of a cluster, read from what {@code kubectl get nodes -o json} prints (a {@code List}, or the API's
 * {@code NodeList}, of {@code Node} objects). Of each node it reads the name and the labels GPU feature discovery
 * sets: {@code nvidia.com/gpu.product} (the NVML product name with spaces as {@code -}, e.g.
 * {@code NVIDIA-A100-SXM4-80GB}) and {@code nvidia.com/gpu.count}; and {@code kubernetes.io/hostname}.
 *
 * <p><b>Rules.</b> A node without the two GPU labels (a CPU node), or with a count of 0, is skipped with a note. A
 * product outside the GPU catalogue is an error naming the node; so is a node labelled for the device plugin's
 * {@code single} MIG strategy (product {@code …-MIG-<profile>}, or {@code nvidia.com/mig.strategy=single}), whose
 * count is of MIG devices, not GPUs, and whose MIG resources are all named {@code nvidia.com/gpu}: plans are written
 * for the {@code mixed} strategy. A {@code -SHARED} product suffix (time-slicing) is removed with a note. Node names
 * must be DNS-1123 subdomains, as the API server requires, and distinct, and so must the GPU nodes' hostname labels
 * (what pins a pod to a node).
 *
 * <p><b>Limits.</b> At most {@value #MAX_BYTES} bytes of JSON, nesting depth {@value #MAX_DEPTH}, and
 * {@value #MAX_GPUS_PER_NODE} GPUs per node; beyond them the input is refused, not truncated.
 *
 * <p>Immutable and thread-safe. Every failure is an {@link IllegalArgumentException} whose message names the source,
 * the node (or item index) and the fix.
 */
public final class NodeInventory {

    /** The largest inventory file read, in bytes. */
    public static final long MAX_BYTES = 256L << 20;
    /** The deepest JSON nesting accepted. */
    public static final int MAX_DEPTH = 128;
    /** The most GPUs one node may declare. */
    public static final int MAX_GPUS_PER_NODE = 1024;

    /** GFD's product label. */
    public static final String PRODUCT_LABEL = "nvidia.com/gpu.product";
    /** GFD's count label: physical GPUs under the {@code none} and {@code mixed} strategies. */
    public static final String COUNT_LABEL = "nvidia.com/gpu.count";
    /** The label a {@code nodeSelector} uses to pin a pod to one node. */
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    private static final String STRATEGY_LABEL = "nvidia.com/mig.strategy";

    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();

    private final List<GpuNode> nodes;
    private final List<String> notes;

    private NodeInventory(List<GpuNode> nodes, List<String> notes) {
        this.nodes = List.copyOf(nodes);
        this.notes = List.copyOf(notes);
    }

    /**
     * Reads an inventory file.
     *
     * @param file the JSON {@code kubectl get nodes -o json} wrote
     * @return the GPU nodes in it
     * @throws IllegalArgumentException if the file cannot be read or is not such a list (naming the file, the node
     *                                  and the fix)
     */
    public static NodeInventory read(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 1));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Node inventory " + file + " does not exist; write it with"
                    + " kubectl get nodes -o json > " + file.getFileName());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read node inventory " + file + ": " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("Node inventory " + file + " is larger than " + (MAX_BYTES >> 20)
                    + " MiB; list only the GPU nodes (kubectl get nodes -l nvidia.com/gpu.present=true -o json)");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (StreamReadException e) {
            throw new IllegalArgumentException(file + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        return of(root, file.toString());
    }

    /**
     * Parses an inventory from JSON text.
     *
     * @param json   the JSON {@code kubectl get nodes -o json} prints
     * @param source what to call it in messages, e.g. a file name
     * @return the GPU nodes in it
     * @throws IllegalArgumentException if it is not such a list (naming the source, the node and the fix)
     */
    public static NodeInventory parse(String json, String source) {
        Objects.requireNonNull(json, "json");
        if (json.length() > MAX_BYTES) {
            throw new IllegalArgumentException(source + ": larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        try {
            return of(MAPPER.readTree(json), source);
        } catch (StreamReadException e) {
            throw new IllegalArgumentException(source + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * An inventory of the given nodes (for tests and tools that know their nodes).
     *
     * @param nodes the GPU nodes, with distinct names
     * @return the inventory
     * @throws IllegalArgumentException for two nodes of one name
     */
    public static NodeInventory of(List<GpuNode> nodes) {
        Set<String> names = new HashSet<>();
        for (GpuNode n : nodes) {
            if (!names.add(n.name())) {
                throw new IllegalArgumentException("Node " + n.name() + " is listed twice");
            }
        }
        return new NodeInventory(nodes, List.of());
    }

    private static NodeInventory of(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected the object kubectl get nodes -o json prints"
                    + " ({\"kind\":\"List\",\"items\":[...]})");
        }
        JsonNode kind = root.get("kind");
        if (kind != null && !(kind.isString() && Set.of("List", "NodeList").contains(kind.stringValue()))) {
            throw new IllegalArgumentException(source + ": \"kind\" is " + kind + ", not \"List\" or \"NodeList\";"
                    + " write the file with kubectl get nodes -o json");
        }
        JsonNode items = root.get("items");
        if (items == null || !items.isArray()) {
            throw new IllegalArgumentException(source + ": no \"items\" array; write the file with"
                    + " kubectl get nodes -o json");
        }
        List<GpuNode> nodes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> hostnames = new java.util.HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String where = source + ": items[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw new IllegalArgumentException(where + ": expected a Node object, got " + brief(item));
            }
            JsonNode itemKind = item.get("kind");
            if (itemKind != null && !(itemKind.isString() && itemKind.stringValue().equals("Node"))) {
                throw new IllegalArgumentException(where + ": \"kind\" is " + brief(itemKind) + ", not \"Node\"");
            }
            JsonNode metadata = item.get("metadata");
            if (metadata == null || !metadata.isObject()) {
                throw new IllegalArgumentException(where + ": no \"metadata\" object");
            }
            JsonNode nameNode = metadata.get("name");
            if (nameNode == null || !nameNode.isString()) {
                throw new IllegalArgumentException(where + ": no \"metadata.name\" string");
            }
            String name = nameNode.stringValue();
            if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": node name " + quote(name) + " is not a DNS-1123"
                        + " subdomain (lower-case letters, digits, '-' and '.', at most 253 characters), as every"
                        + " Kubernetes node name is");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + ": node " + name + " is listed twice");
            }
            where = source + ": node " + name;
            Map<String, String> labels = labels(metadata.get("labels"), where);
            String product = labels.get(PRODUCT_LABEL);
            String count = labels.get(COUNT_LABEL);
            if (product == null || count == null) {
                notes.add("node " + name + " skipped: no " + (product == null ? PRODUCT_LABEL : COUNT_LABEL)
                        + " label (GPU feature discovery sets it on GPU nodes)");
                continue;
            }
            int gpus = count(count, where);
            if (gpus == 0) {
                notes.add("node " + name + " skipped: " + COUNT_LABEL + " is 0");
                continue;
            }
            if ("single".equals(labels.get(STRATEGY_LABEL)) || product.contains("-MIG-")) {
                throw new IllegalArgumentException(where + ": labelled for the device plugin's single MIG strategy ("
                        + PRODUCT_LABEL + "=" + product + "), where the count is of MIG devices and every MIG"
                        + " resource is nvidia.com/gpu; plans run under the mixed strategy: install the GPU Operator"
                        + " with mig.strategy=mixed");
            }
            String bare = product;
            if (bare.endsWith("-SHARED")) {
                bare = bare.substring(0, bare.length() - "-SHARED".length());
                notes.add("node " + name + ": " + PRODUCT_LABEL + "=" + product + " says its GPUs are shared by"
                        + " time-slicing; a whole-GPU request there may get a shared replica");
            }
            GpuModel gpu = product(bare).orElseThrow(() -> new IllegalArgumentException(source + ": node " + name
                    + ": GPU product " + quote(product) + " is not in the GPU catalogue; known products: "
                    + String.join(", ", knownProducts())));
            String hostname = labels.getOrDefault(HOSTNAME_LABEL, name);
            if (hostname.isEmpty()) {
                hostname = name;
            }
            String other = hostnames.putIfAbsent(hostname, name);
            if (other != null) {
                // A nodeSelector on the hostname label could not tell them apart.
                throw new IllegalArgumentException(where + ": its " + HOSTNAME_LABEL + " label " + hostname
                        + " is node " + other + "'s too; every GPU node needs its own");
            }
            nodes.add(new GpuNode(name, hostname, product, gpu, gpus));
        }
        return new NodeInventory(nodes, notes);
    }

    private static Map<String, String> labels(JsonNode labels, String where) {
        if (labels == null || labels.isNull()) {
            return Map.of();
        }
        if (!labels.isObject()) {
            throw new IllegalArgumentException(where + ": \"metadata.labels\" is not an object");
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (Map.Entry<String, JsonNode> e : labels.properties()) {
            if (!e.getValue().isString()) {
                throw new IllegalArgumentException(where + ": label " + quote(e.getKey()) + " is "
                        + brief(e.getValue()) + ", not a string");
            }
            String v = e.getValue().stringValue();
            if (e.getKey().equals(HOSTNAME_LABEL) || e.getKey().equals(PRODUCT_LABEL)) {
                // Both end up in manifests (a nodeSelector, a note): hold them to what the API server accepts.
                if (v.length() > 63 || !LABEL_VALUE.matcher(v).matches()) {
                    throw new IllegalArgumentException(where + ": label " + e.getKey() + "=" + quote(v)
                            + " is not a valid label value (at most 63 letters, digits, '-', '_', '.')");
                }
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    private static int count(String text, String where) {
        if (!text.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(where + ": " + COUNT_LABEL + "=" + quote(text)
                    + " is not a whole number of GPUs");
        }
        int n = Integer.parseInt(text);
        if (n > MAX_GPUS_PER_NODE) {
            throw new IllegalArgumentException(where + ": " + COUNT_LABEL + "=" + n + " is more than "
                    + MAX_GPUS_PER_NODE + " GPUs on one node; check the label");
        }
        return n;
    }

    /**
     * The catalogue GPU a GPU feature discovery product label names: the NVML product name with spaces as
     * {@code -} ({@code NVIDIA-A100-SXM4-80GB}, {@code NVIDIA-A100-80GB-PCIe}, {@code Tesla-T4}), compared without
     * regard to case; a catalogue id ({@code A100-SXM4-80GB}) is accepted too.
     *
     * @param label the label's value, without a {@code -SHARED} suffix
     * @return the GPU, or empty when the catalogue has none of that name
     */
    public static Optional<GpuModel> product(String label) {
        if (label == null) {
            return Optional.empty();
        }
        for (GpuModel m : GpuCatalog.all()) {
            if (m.id().equalsIgnoreCase(label)) {
                return Optional.of(m);
            }
            for (String n : m.nvmlNames()) {
                if (n.trim().replace(' ', '-').equalsIgnoreCase(label)) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> knownProducts() {
        List<String> out = new ArrayList<>();
        for (GpuModel m : GpuCatalog.all()) {
            out.add(m.nvmlNames().get(0).trim().replace(' ', '-'));
        }
        return out;
    }

    /** Quotes text from the input for a message, escaping control characters and cutting it short. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("'");
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > n ? "...'" : "'").toString();
    }

    private static String brief(JsonNode n) {
        String s = n.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** @return the GPU nodes, in file order */
    public List<GpuNode> nodes() {
        return nodes;
    }

    /** @return one sentence per node skipped or read with a caveat */
    public List<String> notes() {
        return notes;
    }

    @Override
    public String toString() {
        return nodes.size() + " GPU node(s)" + (notes.isEmpty() ? "" : ", " + notes.size() + " note(s)");
    }
}
