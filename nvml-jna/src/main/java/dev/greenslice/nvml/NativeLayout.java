package dev.greenslice.nvml;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The C layout of one NVML struct: field offsets and total size computed with the platform's natural
 * alignment rules (each field aligned to its own size, the struct padded to its widest member), as the C
 * compiler lays out the structs of {@code nvml.h}. The binding reads and writes structs through these
 * offsets on plain {@link Memory}, so no public JNA {@code Structure} classes are needed. Immutable.
 */
final class NativeLayout {

    private final String name;
    private final int size;
    private final int alignment;
    private final Map<String, Integer> offsets;

    private NativeLayout(String name, int size, int alignment, Map<String, Integer> offsets) {
        this.name = name;
        this.size = size;
        this.alignment = alignment;
        this.offsets = Map.copyOf(offsets);
    }

    static Builder struct(String name) {
        return new Builder(name);
    }

    String name() {
        return name;
    }

    /** @return {@code sizeof} the struct, in bytes */
    int size() {
        return size;
    }

    int alignment() {
        return alignment;
    }

    /** @return the byte offset of {@code field} */
    int offset(String field) {
        Integer o = offsets.get(field);
        if (o == null) {
            throw new IllegalArgumentException(name + " has no field '" + field + "'; fields: " + offsets.keySet());
        }
        return o;
    }

    /** @return the {@code NVML_STRUCT_VERSION} of this struct: its size with the version in the top byte */
    int version(int version) {
        return size | (version << 24);
    }

    /** @return zeroed native memory for {@code count} consecutive structs */
    Memory allocate(int count) {
        Memory m = new Memory((long) size * Math.max(1, count));
        m.clear();
        return m;
    }

    /** Builds a layout field by field, in declaration order. */
    static final class Builder {
        private final String name;
        private final Map<String, Integer> offsets = new LinkedHashMap<>();
        private int cursor;
        private int alignment = 1;

        private Builder(String name) {
            this.name = name;
        }

        private Builder field(String field, int size, int align) {
            cursor = (cursor + align - 1) / align * align;
            offsets.put(field, cursor);
            cursor += size;
            alignment = Math.max(alignment, align);
            return this;
        }

        Builder u32(String field) {
            return field(field, 4, 4);
        }

        Builder u64(String field) {
            return field(field, 8, 8);
        }

        Builder pointer(String field) {
            return field(field, Native.POINTER_SIZE, Native.POINTER_SIZE);
        }

        Builder chars(String field, int length) {
            return field(field, length, 1);
        }

        /** A union whose widest member has {@code size} bytes and {@code align} alignment. */
        Builder union(String field, int size, int align) {
            return field(field, size, align);
        }

        Builder struct(String field, NativeLayout nested) {
            return field(field, nested.size, nested.alignment);
        }

        NativeLayout build() {
            int size = (cursor + alignment - 1) / alignment * alignment;
            return new NativeLayout(name, size, alignment, offsets);
        }
    }
}
