/*
 * libFuzzer harness for the simulated libnvidia-ml's scenario reader (nvml_sim.c): every input is written to a
 * file and loaded with simReset, as the tests do. Built only by hand, where clang is installed (see
 * CONTRIBUTING.md):
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 *       -o target/fuzz_scenario src/test/c/fuzz_scenario.c -lpthread -lm
 *   target/fuzz_scenario -max_total_time=180 CORPUS_DIR SEED_DIR
 *
 * The seeds are ScenarioReaderFuzzTest's (src/test/resources/dev/greenslice/nvml/ScenarioReaderFuzzTestInputs/
 * scenario), which the Java build replays through JNA on every run.
 */
#include "nvml_sim.c"

#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static char path[64];
    if (path[0] == 0) {
        snprintf(path, sizeof(path), "/tmp/greenslice-fuzz-scenario-%d.txt", (int) getpid());
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return 0;
    }
    for (size_t i = 0; i < size; i++) {
        char c = (char) data[i];
        /* "trace PATH" appends to PATH: never let the fuzzer name a file to write. */
        if (i + 5 <= size && (data[i] | 0x20) == 't' && (data[i + 1] | 0x20) == 'r' && (data[i + 2] | 0x20) == 'a'
                && (data[i + 3] | 0x20) == 'c' && (data[i + 4] | 0x20) == 'e') {
            c = 'x';
        }
        fputc(c, f);
    }
    fclose(f);
    if (simReset(path) != 0) {
        /* A refusal must say why, within its buffer. */
        const char *e = simLastError();
        if (e == NULL || e[0] == 0 || strlen(e) >= 1024) {
            __builtin_trap();
        }
    }
    return 0;
}
