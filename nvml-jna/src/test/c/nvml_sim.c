/*
 * A simulated libnvidia-ml for GreenSlice's tests and benchmarks.
 *
 * It exports the NVML C functions the nvml-jna binding uses, with the signatures, struct layouts and return
 * codes of nvml.h (NVML API reference, R550+), so that the binding's symbol lookup, struct marshalling and error
 * mapping run for real on machines without a GPU. Its devices come from a scenario file (see
 * ScenarioFile in the Java tests, and the grammar in parse_line below): GPU model with its real MIG profile ids,
 * sizes and placements (A100-SXM4-40GB, A100-SXM4-80GB, H100-SXM5-80GB; V100-SXM2-16GB without MIG), power as a
 * piecewise-linear function of time and the energy counter as its exact integral, supported clocks, MIG mode and
 * instances, running processes, permission level, and errors to inject per function on the Nth call.
 *
 * The scenario is read at the first nvmlInit_v2 from the file named by GREENSLICE_NVML_SIM_SCENARIO, or
 * (re)loaded at any time by the test hook simReset(path); JNA loads a library once per JVM, so tests share one
 * loaded copy and reset it. Time is manual (simAdvanceMs) unless the scenario says "clock real".
 *
 * Built with -DSIM_LEGACY it plays an old driver: no MIG, no field values, no locked clocks, no
 * nvmlDeviceGetMemoryInfo_v2 and no nvmlDeviceGetComputeRunningProcesses_v3, so that a missing symbol can be
 * tested to fail only its feature.
 *
 * Scenario file: one setting per line, '#' starts a comment; device settings follow their "device" line.
 *
 *   driver 550.54.15                  driver version reported (nvmlSystemGetDriverVersion)
 *   clock manual|real                 manual (default): time moves only by simAdvanceMs; real: monotonic time
 *   time_ms N                         manual start time
 *   permission root|user              user: control calls and privileged MIG queries answer NO_PERMISSION
 *   trace PATH                        append every state-changing call and its return code to PATH
 *   profile_info_v3 known|unknown     unknown: a driver before NVML 12.3 that knows nvmlGpuInstanceProfileInfo_v2
 *                                     only and answers any other struct version with INVALID_ARGUMENT (the header's
 *                                     "info->version invalid"); known (default) also takes v3 and answers an
 *                                     unknown version with ARGUMENT_VERSION_MISMATCH
 *   error FN CODE [device=N] [call=N] [count=N|always]
 *                                     FN's call number N (counted from the reset, on device N if given) and the
 *                                     count-1 calls after it return CODE (a name such as GPU_IS_LOST, or a
 *                                     number); GPU_IS_LOST stays: the GPU is lost from then on
 *   device A100-SXM4-40GB|A100-SXM4-80GB|H100-SXM5-80GB|V100-SXM2-16GB
 *     name "TEXT" | uuid GPU-... | pci DDDDDDDD:BB:DD.F
 *     power T:MW T:MW ...             board power, piecewise linear in time (ms : milliwatts), held at the ends
 *     power_repeat MS                 repeat the power curve with this period
 *     energy_start MJ                 energy counter at time 0, millijoules; the counter is the exact integral
 *     energy_counter yes|no           no: nvmlDeviceGetTotalEnergyConsumption answers NOT_SUPPORTED
 *     update_ms MS                    readings refresh every MS (the counter's update period); 0: continuous
 *     fields instant average|none     power field values offered (A100: instant; H100: both)
 *     mig enabled|disabled            MIG mode (current and pending); mig_pending sets the pending mode only
 *     gi PROFILE@START [ci=INDEX ...] a GPU instance (profile name as nvidia-smi prints it, e.g. 3g.40gb@4) with
 *                                     the given compute-instance profile indices, or one spanning it
 *     process pid=N|self mem_mb=N [gi=N ci=N] [sm=PCT|T:PCT/T:PCT...] [mem=PCT]
 *                                     a compute process (self: the process that loaded this library); sm is its
 *                                     SM utilization, constant or stepped in time (ms : percent, held from each
 *                                     step), mem its frame-buffer utilization while it uses the SMs, as the
 *                                     per-process utilization calls report them
 *     process_sample_ms MS            the driver's per-process utilization sampling period (default 167, a sixth
 *                                     of a second); the driver keeps the last 100 periods
 *     clocks sm=MHZ mem=MHZ | power_limit MW | utilization gpu=PCT mem=PCT
 *
 * Written for GreenSlice from the public NVML API reference; no NVIDIA code is included.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))
#define HELPER static __attribute__((unused))

/* ------------------------------------------------------------------------------------------------------------
 * NVML types, with the layouts of nvml.h
 * ---------------------------------------------------------------------------------------------------------- */

typedef int nvmlReturn_t;

enum {
    NVML_SUCCESS = 0,
    NVML_ERROR_UNINITIALIZED = 1,
    NVML_ERROR_INVALID_ARGUMENT = 2,
    NVML_ERROR_NOT_SUPPORTED = 3,
    NVML_ERROR_NO_PERMISSION = 4,
    NVML_ERROR_ALREADY_INITIALIZED = 5,
    NVML_ERROR_NOT_FOUND = 6,
    NVML_ERROR_INSUFFICIENT_SIZE = 7,
    NVML_ERROR_INSUFFICIENT_POWER = 8,
    NVML_ERROR_DRIVER_NOT_LOADED = 9,
    NVML_ERROR_TIMEOUT = 10,
    NVML_ERROR_IRQ_ISSUE = 11,
    NVML_ERROR_LIBRARY_NOT_FOUND = 12,
    NVML_ERROR_FUNCTION_NOT_FOUND = 13,
    NVML_ERROR_CORRUPTED_INFOROM = 14,
    NVML_ERROR_GPU_IS_LOST = 15,
    NVML_ERROR_RESET_REQUIRED = 16,
    NVML_ERROR_OPERATING_SYSTEM = 17,
    NVML_ERROR_LIB_RM_VERSION_MISMATCH = 18,
    NVML_ERROR_IN_USE = 19,
    NVML_ERROR_MEMORY = 20,
    NVML_ERROR_NO_DATA = 21,
    NVML_ERROR_VGPU_ECC_NOT_SUPPORTED = 22,
    NVML_ERROR_INSUFFICIENT_RESOURCES = 23,
    NVML_ERROR_FREQ_NOT_SUPPORTED = 24,
    NVML_ERROR_ARGUMENT_VERSION_MISMATCH = 25,
    NVML_ERROR_DEPRECATED = 26,
    NVML_ERROR_NOT_READY = 27,
    NVML_ERROR_GPU_NOT_FOUND = 28,
    NVML_ERROR_INVALID_STATE = 29,
    NVML_ERROR_UNKNOWN = 999
};

#define NVML_STRUCT_VERSION(type, ver) ((unsigned int) (sizeof(type) | ((ver) << 24U)))

typedef struct sim_device *nvmlDevice_t;
typedef struct sim_gi *nvmlGpuInstance_t;
typedef struct sim_ci *nvmlComputeInstance_t;

typedef struct {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_t;

typedef struct {
    unsigned int version;
    unsigned long long total;
    unsigned long long reserved;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_v2_t;

typedef struct {
    unsigned int gpu;
    unsigned int memory;
} nvmlUtilization_t;

typedef union {
    double dVal;
    int siVal;
    unsigned int uiVal;
    unsigned long ulVal;
    unsigned long long ullVal;
    signed long long sllVal;
    unsigned short usVal;
} nvmlValue_t;

typedef struct {
    unsigned int fieldId;
    unsigned int scopeId;
    long long timestamp;
    long long latencyUsec;
    int valueType;
    nvmlReturn_t nvmlReturn;
    nvmlValue_t value;
} nvmlFieldValue_t;

typedef struct {
    char busIdLegacy[16];
    unsigned int domain;
    unsigned int bus;
    unsigned int device;
    unsigned int pciDeviceId;
    unsigned int pciSubSystemId;
    char busId[32];
} nvmlPciInfo_t;

typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlProcessInfo_t;

typedef struct nvmlProcessUtilizationSample_st {
    unsigned int pid;
    unsigned long long timeStamp;
    unsigned int smUtil;
    unsigned int memUtil;
    unsigned int encUtil;
    unsigned int decUtil;
} nvmlProcessUtilizationSample_t;

typedef struct {
    unsigned long long timeStamp;
    unsigned int pid;
    unsigned int smUtil;
    unsigned int memUtil;
    unsigned int encUtil;
    unsigned int decUtil;
    unsigned int jpgUtil;
    unsigned int ofaUtil;
} nvmlProcessUtilizationInfo_v1_t;

typedef struct {
    unsigned int version;
    unsigned int processSamplesCount;
    unsigned long long lastSeenTimeStamp;
    nvmlProcessUtilizationInfo_v1_t *procUtilArray;
} nvmlProcessesUtilizationInfo_v1_t;

typedef struct {
    unsigned int start;
    unsigned int size;
} nvmlGpuInstancePlacement_t;

typedef struct {
    unsigned int id;
    unsigned int isP2pSupported;
    unsigned int sliceCount;
    unsigned int instanceCount;
    unsigned int multiprocessorCount;
    unsigned int copyEngineCount;
    unsigned int decoderCount;
    unsigned int encoderCount;
    unsigned int jpegCount;
    unsigned int ofaCount;
    unsigned long long memorySizeMB;
} nvmlGpuInstanceProfileInfo_t;

typedef struct {
    unsigned int version;
    unsigned int id;
    unsigned int isP2pSupported;
    unsigned int sliceCount;
    unsigned int instanceCount;
    unsigned int multiprocessorCount;
    unsigned int copyEngineCount;
    unsigned int decoderCount;
    unsigned int encoderCount;
    unsigned int jpegCount;
    unsigned int ofaCount;
    unsigned long long memorySizeMB;
    char name[96];
} nvmlGpuInstanceProfileInfo_v2_t;

typedef struct {
    unsigned int version;
    unsigned int id;
    unsigned int sliceCount;
    unsigned int instanceCount;
    unsigned int multiprocessorCount;
    unsigned int copyEngineCount;
    unsigned int decoderCount;
    unsigned int encoderCount;
    unsigned int jpegCount;
    unsigned int ofaCount;
    unsigned long long memorySizeMB;
    char name[96];
    unsigned int capabilities;
} nvmlGpuInstanceProfileInfo_v3_t;

typedef struct {
    nvmlDevice_t device;
    unsigned int id;
    unsigned int profileId;
    nvmlGpuInstancePlacement_t placement;
} nvmlGpuInstanceInfo_t;

typedef struct {
    unsigned int start;
    unsigned int size;
} nvmlComputeInstancePlacement_t;

typedef struct {
    unsigned int id;
    unsigned int sliceCount;
    unsigned int instanceCount;
    unsigned int multiprocessorCount;
    unsigned int sharedCopyEngineCount;
    unsigned int sharedDecoderCount;
    unsigned int sharedEncoderCount;
    unsigned int sharedJpegCount;
    unsigned int sharedOfaCount;
} nvmlComputeInstanceProfileInfo_t;

typedef struct {
    nvmlDevice_t device;
    nvmlGpuInstance_t gpuInstance;
    unsigned int id;
    unsigned int profileId;
    nvmlComputeInstancePlacement_t placement;
} nvmlComputeInstanceInfo_t;

typedef struct {
    unsigned int multiprocessorCount;
    unsigned int sharedCopyEngineCount;
    unsigned int sharedDecoderCount;
    unsigned int sharedEncoderCount;
    unsigned int sharedJpegCount;
    unsigned int sharedOfaCount;
    unsigned int gpuInstanceSliceCount;
    unsigned int computeInstanceSliceCount;
    unsigned long long memorySizeMB;
} nvmlDeviceAttributes_t;

#define NVML_GPU_INSTANCE_PROFILE_COUNT 0x12
#define NVML_COMPUTE_INSTANCE_PROFILE_COUNT 0x9
#define NVML_FI_DEV_POWER_AVERAGE 185
#define NVML_FI_DEV_POWER_INSTANT 186
#define NVML_VALUE_TYPE_UNSIGNED_INT 1
#define NVML_POWER_SCOPE_GPU 0U
#define NO_INSTANCE 0xFFFFFFFFu

/* ------------------------------------------------------------------------------------------------------------
 * GPU models: MIG profiles as `nvidia-smi mig -lgip` / `-lgipp` list them (profile index -> profile id, slices,
 * instances, SMs, engines, memory MiB, memory slots, allowed start slots).
 * ---------------------------------------------------------------------------------------------------------- */

typedef struct {
    int index;          /* NVML_GPU_INSTANCE_PROFILE_* passed to the profile-info query */
    int id;             /* the profile id the query returns and the create calls take */
    const char *name;   /* without the "MIG " prefix */
    int slices, instances, sms, ce, dec, enc, jpg, ofa;
    unsigned long long memMb;
    int size;           /* memory slots */
    int starts[8];
    int nstarts;
} sim_profile;

typedef struct {
    const char *key;
    const char *nvmlName;
    unsigned long long memMb;
    int computeSlices;
    const sim_profile *profiles;
    int nprofiles;
    int maxSm, minSm, stepSm, memClock;
    unsigned int pciDeviceId;
    int fieldAverage;      /* NVML_FI_DEV_POWER_AVERAGE: "Ampere (except GA100) or newer" */
    unsigned int minLimit, maxLimit, defLimit; /* mW */
    unsigned int idleMw;
} sim_model;

static const sim_profile A100_40GB_PROFILES[] = {
    {0, 19, "1g.5gb", 1, 7, 14, 1, 0, 0, 0, 0, 4864, 1, {0, 1, 2, 3, 4, 5, 6}, 7},
    {7, 20, "1g.5gb+me", 1, 1, 14, 1, 1, 0, 1, 1, 4864, 1, {0, 1, 2, 3, 4, 5, 6}, 7},
    {9, 15, "1g.10gb", 1, 4, 14, 1, 1, 0, 0, 0, 9856, 2, {0, 2, 4, 6}, 4},
    {1, 14, "2g.10gb", 2, 3, 28, 2, 1, 0, 0, 0, 9856, 2, {0, 2, 4}, 3},
    {2, 9, "3g.20gb", 3, 2, 42, 3, 2, 0, 0, 0, 19968, 4, {0, 4}, 2},
    {3, 5, "4g.20gb", 4, 1, 56, 4, 2, 0, 0, 0, 19968, 4, {0}, 1},
    {4, 0, "7g.40gb", 7, 1, 98, 7, 5, 0, 1, 1, 40192, 8, {0}, 1},
};

static const sim_profile A100_80GB_PROFILES[] = {
    {0, 19, "1g.10gb", 1, 7, 14, 1, 0, 0, 0, 0, 9856, 1, {0, 1, 2, 3, 4, 5, 6}, 7},
    {7, 20, "1g.10gb+me", 1, 1, 14, 1, 1, 0, 1, 1, 9856, 1, {0, 1, 2, 3, 4, 5, 6}, 7},
    {9, 15, "1g.20gb", 1, 4, 14, 1, 1, 0, 0, 0, 19968, 2, {0, 2, 4, 6}, 4},
    {1, 14, "2g.20gb", 2, 3, 28, 2, 1, 0, 0, 0, 19968, 2, {0, 2, 4}, 3},
    {2, 9, "3g.40gb", 3, 2, 42, 3, 2, 0, 0, 0, 40192, 4, {0, 4}, 2},
    {3, 5, "4g.40gb", 4, 1, 56, 4, 2, 0, 0, 0, 40192, 4, {0}, 1},
    {4, 0, "7g.80gb", 7, 1, 98, 7, 5, 0, 1, 1, 80384, 8, {0}, 1},
};

static const sim_profile H100_80GB_PROFILES[] = {
    {0, 19, "1g.10gb", 1, 7, 16, 1, 1, 0, 1, 0, 9984, 1, {0, 1, 2, 3, 4, 5, 6}, 7},
    {7, 20, "1g.10gb+me", 1, 1, 16, 1, 1, 0, 1, 1, 9984, 1, {0, 1, 2, 3, 4, 5, 6}, 7},
    {9, 15, "1g.20gb", 1, 4, 26, 1, 1, 0, 1, 0, 20096, 2, {0, 2, 4, 6}, 4},
    {1, 14, "2g.20gb", 2, 3, 32, 2, 2, 0, 2, 0, 20096, 2, {0, 2, 4}, 3},
    {2, 9, "3g.40gb", 3, 2, 60, 3, 3, 0, 3, 0, 40448, 4, {0, 4}, 2},
    {3, 5, "4g.40gb", 4, 1, 64, 4, 4, 0, 4, 0, 40448, 4, {0}, 1},
    {4, 0, "7g.80gb", 7, 1, 132, 8, 7, 0, 7, 1, 81152, 8, {0}, 1},
};

static const sim_model MODELS[] = {
    {"A100-SXM4-40GB", "NVIDIA A100-SXM4-40GB", 40960, 7, A100_40GB_PROFILES, 7, 1410, 210, 15, 1215,
     0x20B010DE, 0, 100000, 400000, 400000, 55000},
    {"A100-SXM4-80GB", "NVIDIA A100-SXM4-80GB", 81920, 7, A100_80GB_PROFILES, 7, 1410, 210, 15, 1593,
     0x20B210DE, 0, 100000, 400000, 400000, 60000},
    {"H100-SXM5-80GB", "NVIDIA H100 80GB HBM3", 81559, 7, H100_80GB_PROFILES, 7, 1980, 345, 15, 2619,
     0x233010DE, 1, 200000, 700000, 700000, 70000},
    {"V100-SXM2-16GB", "Tesla V100-SXM2-16GB", 16384, 0, NULL, 0, 1530, 135, 7, 877,
     0x1DB110DE, 0, 150000, 300000, 300000, 40000},
};
#define NMODELS ((int) (sizeof(MODELS) / sizeof(MODELS[0])))

/* ------------------------------------------------------------------------------------------------------------
 * Simulated state
 * ---------------------------------------------------------------------------------------------------------- */

#define MAX_GPUS 8
#define MAX_GI 8
#define MAX_CI 8
#define MAX_POINTS 64
#define MAX_PROCS 16
#define MAX_ERRORS 32
#define MAGIC 0x4e564d4cu

struct sim_gpu;
struct sim_gi;
struct sim_ci;

typedef struct sim_device {
    unsigned int magic;
    int isMig;
    struct sim_gpu *gpu;
    struct sim_ci *ci;
} sim_device;

typedef struct sim_ci {
    int used;
    unsigned int id;
    int profileIndex;
    unsigned int start, size;
    struct sim_gi *gi;
    sim_device handle;
    char uuid[96];
} sim_ci;

typedef struct sim_gi {
    int used;
    unsigned int id;
    const sim_profile *profile;
    unsigned int start;
    struct sim_gpu *gpu;
    sim_ci ci[MAX_CI];
} sim_gi;

#define MAX_UTIL_STEPS 16
#define PROCESS_SAMPLE_PERIODS 100

typedef struct {
    unsigned int pid;
    unsigned long long memBytes;
    unsigned int gi, ci;
    double smAt[MAX_UTIL_STEPS];       /* ms */
    unsigned int smPct[MAX_UTIL_STEPS]; /* held from smAt[i] on */
    int nsm;
    unsigned int memPct;
} sim_process;

typedef struct sim_gpu {
    sim_device handle;
    int index;
    const sim_model *model;
    char name[96];
    char uuid[96];
    unsigned int pciDomain, pciBus, pciDevice;
    double pt[MAX_POINTS], pw[MAX_POINTS]; /* ms, mW */
    int npoints;
    double repeatMs;
    unsigned long long energyStartMj;
    int energyCounter;
    double updateMs;
    int fieldInstant, fieldAverage;
    int migCapable, migMode, migPending;
    int smClock, memClock;
    int locked, lockMin, lockMax;
    unsigned int powerLimit;
    unsigned int utilGpu, utilMem;
    unsigned long long reservedMb;
    sim_process procs[MAX_PROCS];
    int nprocs;
    double processSampleMs;
    int lost;
    sim_gi gi[MAX_GI];
} sim_gpu;

typedef struct {
    char fn[64];
    int code;
    int device;
    long from;
    long count; /* -1: always */
    long seen;
} sim_error;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sim_gpu gpus[MAX_GPUS];
static int ngpus;
static int loaded;
static int initCount;
static char driverVersion[32] = "550.54.15";
static int clockReal;
static long long manualMs;
static struct timespec realStart;
static int rootPermission = 1;
static int profileInfoV3Unknown;
static char tracePath[1024];
static sim_error errors[MAX_ERRORS];
static int nerrors;
static char lastError[1024];

/* ------------------------------------------------------------------------------------------------------------
 * Call counting (tests assert how many driver calls a feature makes) and error injection
 * ---------------------------------------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    long count;
} call_slot_t;

static call_slot_t calls[160];
static int ncalls;
static pthread_mutex_t callLock = PTHREAD_MUTEX_INITIALIZER;

static int call_slot(const char *name) {
    pthread_mutex_lock(&callLock);
    for (int i = 0; i < ncalls; i++) {
        if (strcmp(calls[i].name, name) == 0) {
            pthread_mutex_unlock(&callLock);
            return i;
        }
    }
    int slot = ncalls < 160 ? ncalls++ : 159;
    calls[slot].name = name;
    calls[slot].count = 0;
    pthread_mutex_unlock(&callLock);
    return slot;
}

#define COUNT(fn)                                                      \
    do {                                                               \
        static int slot_ = -1;                                         \
        if (slot_ < 0) slot_ = call_slot(fn);                          \
        __atomic_fetch_add(&calls[slot_].count, 1, __ATOMIC_RELAXED);  \
    } while (0)

/* Returns the code to inject for this call of fn on device (-1: no device), or 0. */
static int injected(const char *fn, int device) {
    if (nerrors == 0) {
        return 0;
    }
    int code = 0;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < nerrors; i++) {
        sim_error *e = &errors[i];
        if (strcmp(e->fn, fn) != 0 || (e->device >= 0 && e->device != device)) {
            continue;
        }
        e->seen++;
        if (code == 0 && e->seen >= e->from && (e->count < 0 || e->seen < e->from + e->count)) {
            code = e->code;
        }
    }
    if (code == NVML_ERROR_GPU_IS_LOST && device >= 0 && device < ngpus) {
        gpus[device].lost = 1; /* a lost GPU stays lost, as on real hardware */
    }
    pthread_mutex_unlock(&lock);
    return code;
}

static void trace(const char *fmt, ...) {
    if (tracePath[0] == 0) {
        return;
    }
    FILE *f = fopen(tracePath, "a");
    if (f == NULL) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    fclose(f);
}

/* ------------------------------------------------------------------------------------------------------------
 * Time, power and energy
 * ---------------------------------------------------------------------------------------------------------- */

static double now_ms(void) {
    if (!clockReal) {
        return (double) __atomic_load_n(&manualMs, __ATOMIC_RELAXED);
    }
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) (t.tv_sec - realStart.tv_sec) * 1e3 + (double) (t.tv_nsec - realStart.tv_nsec) / 1e6;
}

static double quantized(const sim_gpu *g, double t) {
    return g->updateMs > 0 ? floor(t / g->updateMs) * g->updateMs : t;
}

static double power_in_period(const sim_gpu *g, double t) {
    if (g->npoints == 0) {
        return g->model->idleMw;
    }
    if (t <= g->pt[0]) {
        return g->pw[0];
    }
    for (int i = 1; i < g->npoints; i++) {
        if (t <= g->pt[i]) {
            double f = (t - g->pt[i - 1]) / (g->pt[i] - g->pt[i - 1]);
            return g->pw[i - 1] + f * (g->pw[i] - g->pw[i - 1]);
        }
    }
    return g->pw[g->npoints - 1];
}

/* Exact integral of the piecewise-linear power over [0, t] within one period, in mW*ms (= microjoules). */
static double energy_in_period(const sim_gpu *g, double t) {
    if (g->npoints == 0) {
        return g->model->idleMw * t;
    }
    double e = 0;
    double first = g->pt[0] < t ? g->pt[0] : t;
    e += g->pw[0] * (first > 0 ? first : 0);
    for (int i = 1; i < g->npoints && g->pt[i - 1] < t; i++) {
        double end = g->pt[i] < t ? g->pt[i] : t;
        double pEnd = power_in_period(g, end);
        e += (g->pw[i - 1] + pEnd) / 2 * (end - g->pt[i - 1]);
    }
    if (t > g->pt[g->npoints - 1]) {
        e += g->pw[g->npoints - 1] * (t - g->pt[g->npoints - 1]);
    }
    return e;
}

static double power_at(const sim_gpu *g, double t) {
    if (g->repeatMs > 0) {
        t = fmod(t, g->repeatMs);
    }
    return power_in_period(g, t);
}

static double energy_uj(const sim_gpu *g, double t) {
    if (t <= 0) {
        return 0;
    }
    if (g->repeatMs > 0) {
        double periods = floor(t / g->repeatMs);
        return periods * energy_in_period(g, g->repeatMs) + energy_in_period(g, t - periods * g->repeatMs);
    }
    return energy_in_period(g, t);
}

/* ------------------------------------------------------------------------------------------------------------
 * Handles and common checks
 * ---------------------------------------------------------------------------------------------------------- */

static int valid_device(nvmlDevice_t d) {
    return d != NULL && d->magic == MAGIC && (!d->isMig || (d->ci != NULL && d->ci->used && d->ci->gi->used));
}

static int device_index(nvmlDevice_t d) {
    return d != NULL && d->magic == MAGIC ? d->gpu->index : -1;
}

#define ENTER(fn)                                       \
    COUNT(fn);                                          \
    if (initCount == 0) return NVML_ERROR_UNINITIALIZED; \
    do {                                                \
        int rc_ = injected(fn, -1);                     \
        if (rc_) return rc_;                            \
    } while (0)

#define ENTER_DEVICE(fn, dev)                                   \
    COUNT(fn);                                                  \
    if (initCount == 0) return NVML_ERROR_UNINITIALIZED;         \
    if (!valid_device(dev)) return NVML_ERROR_INVALID_ARGUMENT;  \
    do {                                                        \
        int rc_ = injected(fn, device_index(dev));              \
        if (rc_) return rc_;                                    \
    } while (0);                                                \
    if ((dev)->gpu->lost) return NVML_ERROR_GPU_IS_LOST

#define PHYSICAL_ONLY(dev) \
    if ((dev)->isMig) return NVML_ERROR_NOT_SUPPORTED

HELPER int valid_gi(nvmlGpuInstance_t gi) {
    return gi != NULL && gi->used && gi->gpu != NULL && gi->gpu->handle.magic == MAGIC;
}

HELPER int valid_ci(nvmlComputeInstance_t ci) {
    return ci != NULL && ci->used && ci->gi != NULL && ci->gi->used;
}

HELPER const sim_profile *profile_by_id(const sim_model *m, unsigned int id) {
    for (int i = 0; i < m->nprofiles; i++) {
        if (m->profiles[i].id == (int) id) {
            return &m->profiles[i];
        }
    }
    return NULL;
}

HELPER const sim_profile *profile_by_index(const sim_model *m, unsigned int index) {
    for (int i = 0; i < m->nprofiles; i++) {
        if (m->profiles[i].index == (int) index) {
            return &m->profiles[i];
        }
    }
    return NULL;
}

static const sim_profile *profile_by_name(const sim_model *m, const char *name) {
    for (int i = 0; i < m->nprofiles; i++) {
        if (strcmp(m->profiles[i].name, name) == 0) {
            return &m->profiles[i];
        }
    }
    return NULL;
}

/* Compute-instance profiles: index i has these slices; ids equal indices as on A100/H100. */
static const int CI_SLICES[NVML_COMPUTE_INSTANCE_PROFILE_COUNT] = {1, 2, 3, 4, 7, 8, 6, 1, 7};

static int ci_supported(const sim_gi *gi, int ciIndex) {
    int s = gi->profile->slices;
    switch (ciIndex) {
        case 0: return 1;
        case 1: return s >= 2;
        case 2: return s == 3 || s == 7;
        case 3: return s == 4 || s == 7;
        case 4: return s == 7;
        default: return 0;
    }
}

static int put_string(char *dst, unsigned int length, const char *src) {
    if (dst == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (strlen(src) + 1 > length) {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    strcpy(dst, src);
    return NVML_SUCCESS;
}

static void make_mig_uuid(const sim_gpu *g, unsigned int giId, unsigned int ciId, char *out) {
    unsigned long long h = 1469598103934665603ull;
    for (const char *p = g->uuid; *p; p++) {
        h = (h ^ (unsigned char) *p) * 1099511628211ull;
    }
    h = (h ^ giId) * 1099511628211ull;
    h = (h ^ (ciId + 97)) * 1099511628211ull;
    sprintf(out, "MIG-%08x-%04x-5%03x-a%03x-%012llx", (unsigned int) (h >> 32), (unsigned int) (h & 0xffff),
            (unsigned int) ((h >> 16) & 0xfff), (unsigned int) ((h >> 28) & 0xfff), h & 0xffffffffffffull);
}

static int gi_compute_used(const sim_gpu *g) {
    int used = 0;
    for (int i = 0; i < MAX_GI; i++) {
        if (g->gi[i].used) {
            used += g->gi[i].profile->slices;
        }
    }
    return used;
}

static int starts_allowed(const sim_profile *p, unsigned int start) {
    for (int i = 0; i < p->nstarts; i++) {
        if (p->starts[i] == (int) start) {
            return 1;
        }
    }
    return 0;
}

/* Creates a GPU instance as the driver does: INVALID_ARGUMENT off the profile's placements, INSUFFICIENT_RESOURCES
 * on an overlap with an existing instance, too few compute slices left, or the profile's instance count used up. */
static int create_gi(sim_gpu *g, const sim_profile *p, unsigned int start, sim_gi **out) {
    if (!starts_allowed(p, start)) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    int sameProfile = 0;
    for (int i = 0; i < MAX_GI; i++) {
        sim_gi *o = &g->gi[i];
        if (!o->used) {
            continue;
        }
        if (o->profile == p) {
            sameProfile++;
        }
        unsigned int oEnd = o->start + (unsigned int) o->profile->size;
        if (start < oEnd && o->start < start + (unsigned int) p->size) {
            return NVML_ERROR_INSUFFICIENT_RESOURCES;
        }
    }
    if (gi_compute_used(g) + p->slices > g->model->computeSlices || sameProfile >= p->instances) {
        return NVML_ERROR_INSUFFICIENT_RESOURCES;
    }
    unsigned int id;
    if (p->slices == g->model->computeSlices) {
        id = 0;
    } else {
        for (id = 1;; id++) {
            int taken = 0;
            for (int i = 0; i < MAX_GI; i++) {
                if (g->gi[i].used && g->gi[i].id == id) {
                    taken = 1;
                }
            }
            if (!taken) {
                break;
            }
        }
    }
    for (int i = 0; i < MAX_GI; i++) {
        sim_gi *gi = &g->gi[i];
        if (!gi->used) {
            memset(gi, 0, sizeof(*gi));
            gi->used = 1;
            gi->id = id;
            gi->profile = p;
            gi->start = start;
            gi->gpu = g;
            *out = gi;
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_INSUFFICIENT_RESOURCES;
}

static int create_ci(sim_gi *gi, int ciIndex, sim_ci **out) {
    if (ciIndex < 0 || ciIndex >= NVML_COMPUTE_INSTANCE_PROFILE_COUNT) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (!ci_supported(gi, ciIndex)) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    unsigned int slices = (unsigned int) CI_SLICES[ciIndex];
    unsigned int usedMask = 0;
    for (int i = 0; i < MAX_CI; i++) {
        if (gi->ci[i].used) {
            for (unsigned int s = gi->ci[i].start; s < gi->ci[i].start + gi->ci[i].size; s++) {
                usedMask |= 1u << s;
            }
        }
    }
    int start = -1;
    for (unsigned int s = 0; s + slices <= (unsigned int) gi->profile->slices; s += slices) {
        unsigned int mask = ((1u << slices) - 1) << s;
        if ((usedMask & mask) == 0) {
            start = (int) s;
            break;
        }
    }
    if (start < 0) {
        return NVML_ERROR_INSUFFICIENT_RESOURCES;
    }
    unsigned int id;
    for (id = 0;; id++) {
        int taken = 0;
        for (int i = 0; i < MAX_CI; i++) {
            if (gi->ci[i].used && gi->ci[i].id == id) {
                taken = 1;
            }
        }
        if (!taken) {
            break;
        }
    }
    for (int i = 0; i < MAX_CI; i++) {
        sim_ci *ci = &gi->ci[i];
        if (!ci->used) {
            memset(ci, 0, sizeof(*ci));
            ci->used = 1;
            ci->id = id;
            ci->profileIndex = ciIndex;
            ci->start = (unsigned int) start;
            ci->size = slices;
            ci->gi = gi;
            ci->handle.magic = MAGIC;
            ci->handle.isMig = 1;
            ci->handle.gpu = gi->gpu;
            ci->handle.ci = ci;
            make_mig_uuid(gi->gpu, gi->id, id, ci->uuid);
            *out = ci;
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_INSUFFICIENT_RESOURCES;
}

HELPER int processes_on(const sim_gpu *g, unsigned int giId, unsigned int ciId) {
    int n = 0;
    for (int i = 0; i < g->nprocs; i++) {
        if (g->procs[i].gi == giId && (ciId == NO_INSTANCE || g->procs[i].ci == ciId)) {
            n++;
        }
    }
    return n;
}

/* ------------------------------------------------------------------------------------------------------------
 * Scenario parsing
 * ---------------------------------------------------------------------------------------------------------- */

static const struct {
    const char *name;
    int code;
} CODE_NAMES[] = {
    {"SUCCESS", 0}, {"UNINITIALIZED", 1}, {"INVALID_ARGUMENT", 2}, {"NOT_SUPPORTED", 3}, {"NO_PERMISSION", 4},
    {"ALREADY_INITIALIZED", 5}, {"NOT_FOUND", 6}, {"INSUFFICIENT_SIZE", 7}, {"INSUFFICIENT_POWER", 8},
    {"DRIVER_NOT_LOADED", 9}, {"TIMEOUT", 10}, {"IRQ_ISSUE", 11}, {"LIBRARY_NOT_FOUND", 12},
    {"FUNCTION_NOT_FOUND", 13}, {"CORRUPTED_INFOROM", 14}, {"GPU_IS_LOST", 15}, {"RESET_REQUIRED", 16},
    {"OPERATING_SYSTEM", 17}, {"LIB_RM_VERSION_MISMATCH", 18}, {"IN_USE", 19}, {"MEMORY", 20}, {"NO_DATA", 21},
    {"VGPU_ECC_NOT_SUPPORTED", 22}, {"INSUFFICIENT_RESOURCES", 23}, {"FREQ_NOT_SUPPORTED", 24},
    {"ARGUMENT_VERSION_MISMATCH", 25}, {"DEPRECATED", 26}, {"NOT_READY", 27}, {"GPU_NOT_FOUND", 28},
    {"INVALID_STATE", 29}, {"UNKNOWN", 999},
};

static int fail(const char *path, int line, const char *fmt, ...) {
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(lastError, sizeof(lastError), "scenario %s line %d: %s", path, line, msg);
    return -1;
}

static int parse_long(const char *s, long long *out) {
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != 0) {
        return -1;
    }
    *out = v;
    return 0;
}

/* key=value within a token; returns the value or NULL. */
static const char *kv(const char *tok, const char *key) {
    size_t n = strlen(key);
    return strncmp(tok, key, n) == 0 && tok[n] == '=' ? tok + n + 1 : NULL;
}

static int parse_switch(const char *v, int *out) {
    if (strcmp(v, "yes") == 0 || strcmp(v, "enabled") == 0 || strcmp(v, "on") == 0) {
        *out = 1;
        return 0;
    }
    if (strcmp(v, "no") == 0 || strcmp(v, "disabled") == 0 || strcmp(v, "off") == 0) {
        *out = 0;
        return 0;
    }
    return -1;
}

static void init_gpu(sim_gpu *g, int index, const sim_model *m) {
    memset(g, 0, sizeof(*g));
    g->handle.magic = MAGIC;
    g->handle.gpu = g;
    g->index = index;
    g->model = m;
    strcpy(g->name, m->nvmlName);
    sprintf(g->uuid, "GPU-%08x-%04x-4%03x-8%03x-%012x", 0x5e1a0000u + (unsigned int) index * 0x1111u,
            (unsigned int) (m->pciDeviceId >> 16), (unsigned int) index, (unsigned int) (index * 7 % 4096),
            (unsigned int) (0xabc000 + index));
    g->pciDomain = 0;
    g->pciBus = 0x07 + (unsigned int) index * 0x10;
    g->pciDevice = 0;
    g->energyStartMj = 1000000ull * (unsigned long long) (index + 1);
    g->energyCounter = 1;
    g->fieldInstant = 1;
    g->fieldAverage = m->fieldAverage;
    g->migCapable = m->nprofiles > 0;
    g->smClock = m->maxSm;
    g->memClock = m->memClock;
    g->powerLimit = m->defLimit;
    g->reservedMb = 512;
    g->processSampleMs = 167;
}

static int split(char *line, char **tok, int max) {
    int n = 0;
    char *p = line;
    while (*p && n < max) {
        while (*p && isspace((unsigned char) *p)) {
            p++;
        }
        if (!*p || *p == '#') {
            break;
        }
        if (*p == '"') {
            tok[n++] = ++p;
            while (*p && *p != '"') {
                p++;
            }
        } else {
            tok[n++] = p;
            while (*p && !isspace((unsigned char) *p)) {
                p++;
            }
        }
        if (*p) {
            *p++ = 0;
        }
    }
    return n;
}

static int parse_code(const char *s) {
    const char *name = strncmp(s, "NVML_ERROR_", 11) == 0 ? s + 11 : s;
    for (size_t i = 0; i < sizeof(CODE_NAMES) / sizeof(CODE_NAMES[0]); i++) {
        if (strcmp(CODE_NAMES[i].name, name) == 0) {
            return CODE_NAMES[i].code;
        }
    }
    long long v;
    return parse_long(s, &v) == 0 && v > 0 ? (int) v : -1;
}

/* "PCT" or "T:PCT/T:PCT...": SM utilization, percent, held from each time (ms) on. */
static int parse_util_steps(const char *s, sim_process *pr) {
    char buf[512];
    if (strlen(s) >= sizeof(buf)) {
        return -1;
    }
    strcpy(buf, s);
    pr->nsm = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, "/", &save); tok != NULL; tok = strtok_r(NULL, "/", &save)) {
        long long at = 0, pct;
        char *colon = strchr(tok, ':');
        if (colon != NULL) {
            *colon = 0;
            if (parse_long(tok, &at) != 0 || at < 0) {
                return -1;
            }
            tok = colon + 1;
        }
        if (parse_long(tok, &pct) != 0 || pct < 0 || pct > 100 || pr->nsm >= MAX_UTIL_STEPS
            || (pr->nsm > 0 && (double) at <= pr->smAt[pr->nsm - 1])) {
            return -1;
        }
        pr->smAt[pr->nsm] = (double) at;
        pr->smPct[pr->nsm] = (unsigned int) pct;
        pr->nsm++;
    }
    return pr->nsm > 0 ? 0 : -1;
}

static int parse_line(const char *path, int ln, char *line) {
    char *t[MAX_POINTS + 4];
    int n = split(line, t, MAX_POINTS + 4);
    if (n == 0) {
        return 0;
    }
    const char *key = t[0];
    long long v;
    sim_gpu *g = ngpus > 0 ? &gpus[ngpus - 1] : NULL;

    if (strcmp(key, "driver") == 0 && n == 2) {
        snprintf(driverVersion, sizeof(driverVersion), "%s", t[1]);
        return 0;
    }
    if (strcmp(key, "clock") == 0 && n == 2) {
        if (strcmp(t[1], "real") == 0) {
            clockReal = 1;
        } else if (strcmp(t[1], "manual") == 0) {
            clockReal = 0;
        } else {
            return fail(path, ln, "clock must be 'manual' or 'real', got '%s'", t[1]);
        }
        return 0;
    }
    if (strcmp(key, "time_ms") == 0 && n == 2 && parse_long(t[1], &v) == 0 && v >= 0) {
        manualMs = v;
        return 0;
    }
    if (strcmp(key, "permission") == 0 && n == 2) {
        if (strcmp(t[1], "root") == 0) {
            rootPermission = 1;
        } else if (strcmp(t[1], "user") == 0) {
            rootPermission = 0;
        } else {
            return fail(path, ln, "permission must be 'root' or 'user', got '%s'", t[1]);
        }
        return 0;
    }
    if (strcmp(key, "profile_info_v3") == 0 && n == 2) {
        if (strcmp(t[1], "known") == 0) {
            profileInfoV3Unknown = 0;
        } else if (strcmp(t[1], "unknown") == 0) {
            profileInfoV3Unknown = 1;
        } else {
            return fail(path, ln, "profile_info_v3 must be 'known' or 'unknown', got '%s'", t[1]);
        }
        return 0;
    }
    if (strcmp(key, "trace") == 0 && n == 2) {
        snprintf(tracePath, sizeof(tracePath), "%s", t[1]);
        return 0;
    }
    if (strcmp(key, "error") == 0 && n >= 3) {
        if (nerrors >= MAX_ERRORS) {
            return fail(path, ln, "at most %d error rules", MAX_ERRORS);
        }
        sim_error *e = &errors[nerrors];
        memset(e, 0, sizeof(*e));
        snprintf(e->fn, sizeof(e->fn), "%s", t[1]);
        e->code = parse_code(t[2]);
        if (e->code < 0) {
            return fail(path, ln, "unknown NVML return code '%s' (use a name such as GPU_IS_LOST, or a number)", t[2]);
        }
        e->device = -1;
        e->from = 1;
        e->count = 1;
        for (int i = 3; i < n; i++) {
            const char *x;
            if ((x = kv(t[i], "device")) && parse_long(x, &v) == 0 && v >= 0) {
                e->device = (int) v;
            } else if ((x = kv(t[i], "call")) && parse_long(x, &v) == 0 && v >= 1) {
                e->from = v;
            } else if ((x = kv(t[i], "count")) && strcmp(x, "always") == 0) {
                e->count = -1;
            } else if ((x = kv(t[i], "count")) && parse_long(x, &v) == 0 && v >= 1) {
                e->count = v;
            } else {
                return fail(path, ln, "bad error option '%s' (device=N, call=N, count=N|always)", t[i]);
            }
        }
        nerrors++;
        return 0;
    }
    if (strcmp(key, "device") == 0 && n == 2) {
        if (ngpus >= MAX_GPUS) {
            return fail(path, ln, "at most %d devices", MAX_GPUS);
        }
        for (int i = 0; i < NMODELS; i++) {
            if (strcmp(MODELS[i].key, t[1]) == 0) {
                init_gpu(&gpus[ngpus], ngpus, &MODELS[i]);
                ngpus++;
                return 0;
            }
        }
        return fail(path, ln, "unknown GPU model '%s' (known: A100-SXM4-40GB, A100-SXM4-80GB, H100-SXM5-80GB, "
                              "V100-SXM2-16GB)", t[1]);
    }
    if (g == NULL) {
        return fail(path, ln, "'%s' must follow a 'device MODEL' line", key);
    }
    if (strcmp(key, "name") == 0 && n == 2) {
        snprintf(g->name, sizeof(g->name), "%s", t[1]);
        return 0;
    }
    if (strcmp(key, "uuid") == 0 && n == 2) {
        snprintf(g->uuid, sizeof(g->uuid), "%s", t[1]);
        return 0;
    }
    if (strcmp(key, "pci") == 0 && n == 2) {
        unsigned int d, b, dev, f;
        if (sscanf(t[1], "%x:%x:%x.%x", &d, &b, &dev, &f) != 4) {
            return fail(path, ln, "pci must be DOMAIN:BUS:DEVICE.FUNCTION in hex, e.g. 00000000:07:00.0");
        }
        g->pciDomain = d;
        g->pciBus = b;
        g->pciDevice = dev;
        return 0;
    }
    if (strcmp(key, "power") == 0 && n >= 2) {
        g->npoints = 0;
        for (int i = 1; i < n; i++) {
            double tm, mw;
            if (sscanf(t[i], "%lf:%lf", &tm, &mw) != 2 || tm < 0 || mw < 0
                || (g->npoints > 0 && tm <= g->pt[g->npoints - 1])) {
                return fail(path, ln, "power point '%s' is not MS:MILLIWATTS with increasing, non-negative times",
                            t[i]);
            }
            g->pt[g->npoints] = tm;
            g->pw[g->npoints] = mw;
            g->npoints++;
        }
        return 0;
    }
    if (strcmp(key, "power_repeat") == 0 && n == 2 && parse_long(t[1], &v) == 0 && v > 0) {
        g->repeatMs = (double) v;
        return 0;
    }
    if (strcmp(key, "energy_start") == 0 && n == 2 && parse_long(t[1], &v) == 0 && v >= 0) {
        g->energyStartMj = (unsigned long long) v;
        return 0;
    }
    if (strcmp(key, "energy_counter") == 0 && n == 2 && parse_switch(t[1], &g->energyCounter) == 0) {
        return 0;
    }
    if (strcmp(key, "update_ms") == 0 && n == 2 && parse_long(t[1], &v) == 0 && v >= 0) {
        g->updateMs = (double) v;
        return 0;
    }
    if (strcmp(key, "fields") == 0 && n >= 2) {
        g->fieldInstant = 0;
        g->fieldAverage = 0;
        for (int i = 1; i < n; i++) {
            if (strcmp(t[i], "instant") == 0) {
                g->fieldInstant = 1;
            } else if (strcmp(t[i], "average") == 0) {
                g->fieldAverage = 1;
            } else if (strcmp(t[i], "none") != 0) {
                return fail(path, ln, "fields takes instant, average or none; got '%s'", t[i]);
            }
        }
        return 0;
    }
    if ((strcmp(key, "mig") == 0 || strcmp(key, "mig_pending") == 0) && n == 2) {
        int on;
        if (parse_switch(t[1], &on) != 0) {
            return fail(path, ln, "%s must be enabled or disabled", key);
        }
        if (on && !g->migCapable) {
            return fail(path, ln, "%s does not support MIG", g->model->key);
        }
        if (strcmp(key, "mig") == 0) {
            g->migMode = on;
            g->migPending = on;
        } else {
            g->migPending = on;
        }
        return 0;
    }
    if (strcmp(key, "gi") == 0 && n >= 2) {
        if (!g->migMode) {
            return fail(path, ln, "gi needs 'mig enabled' first");
        }
        char prof[64];
        unsigned int start;
        char *at = strchr(t[1], '@');
        if (at == NULL || at - t[1] >= (long) sizeof(prof) || sscanf(at + 1, "%u", &start) != 1) {
            return fail(path, ln, "gi must be PROFILE@START, e.g. 3g.40gb@4");
        }
        memcpy(prof, t[1], (size_t) (at - t[1]));
        prof[at - t[1]] = 0;
        const sim_profile *p = profile_by_name(g->model, prof);
        if (p == NULL) {
            return fail(path, ln, "no MIG profile '%s' on %s", prof, g->model->key);
        }
        sim_gi *gi;
        int rc = create_gi(g, p, start, &gi);
        if (rc != NVML_SUCCESS) {
            return fail(path, ln, "cannot create %s: NVML error %d", t[1], rc);
        }
        int made = 0;
        for (int i = 2; i < n; i++) {
            const char *x = kv(t[i], "ci");
            if (x == NULL || parse_long(x, &v) != 0) {
                return fail(path, ln, "gi options are ci=PROFILE_INDEX, got '%s'", t[i]);
            }
            sim_ci *ci;
            if (create_ci(gi, (int) v, &ci) != NVML_SUCCESS) {
                return fail(path, ln, "cannot create compute instance profile %lld in %s", v, t[1]);
            }
            made++;
        }
        if (made == 0) {
            int full = -1;
            for (int i = 0; i < NVML_COMPUTE_INSTANCE_PROFILE_COUNT; i++) {
                if (CI_SLICES[i] == p->slices && ci_supported(gi, i)) {
                    full = i;
                    break;
                }
            }
            sim_ci *ci;
            create_ci(gi, full, &ci);
        }
        return 0;
    }
    if (strcmp(key, "process") == 0 && n >= 2) {
        if (g->nprocs >= MAX_PROCS) {
            return fail(path, ln, "at most %d processes per device", MAX_PROCS);
        }
        sim_process *pr = &g->procs[g->nprocs];
        pr->gi = NO_INSTANCE;
        pr->ci = NO_INSTANCE;
        pr->pid = 0;
        for (int i = 1; i < n; i++) {
            const char *x;
            if ((x = kv(t[i], "pid")) && strcmp(x, "self") == 0) {
                pr->pid = (unsigned int) getpid();
            } else if ((x = kv(t[i], "pid")) && parse_long(x, &v) == 0 && v > 0 && v <= 0xFFFFFFFFLL) {
                pr->pid = (unsigned int) v;
            } else if ((x = kv(t[i], "sm")) != NULL) {
                if (parse_util_steps(x, pr) != 0) {
                    return fail(path, ln, "bad sm '%s' (PCT or T:PCT/T:PCT..., at most %d steps, PCT 0-100, "
                                          "times increasing)", x, MAX_UTIL_STEPS);
                }
            } else if ((x = kv(t[i], "mem")) && parse_long(x, &v) == 0 && v >= 0 && v <= 100) {
                pr->memPct = (unsigned int) v;
            } else if ((x = kv(t[i], "mem_mb")) && parse_long(x, &v) == 0 && v >= 0) {
                pr->memBytes = (unsigned long long) v << 20;
            } else if ((x = kv(t[i], "gi")) && parse_long(x, &v) == 0 && v >= 0) {
                pr->gi = (unsigned int) v;
            } else if ((x = kv(t[i], "ci")) && parse_long(x, &v) == 0 && v >= 0) {
                pr->ci = (unsigned int) v;
            } else {
                return fail(path, ln, "bad process option '%s' (pid=N|self mem_mb=N [gi=N ci=N] [sm=PCT] "
                                      "[mem=PCT])", t[i]);
            }
        }
        if (pr->pid == 0) {
            return fail(path, ln, "process needs pid=N");
        }
        g->nprocs++;
        return 0;
    }
    if (strcmp(key, "process_sample_ms") == 0 && n == 2 && parse_long(t[1], &v) == 0 && v > 0 && v <= 60000) {
        g->processSampleMs = (double) v;
        return 0;
    }
    if (strcmp(key, "clocks") == 0 && n >= 2) {
        for (int i = 1; i < n; i++) {
            const char *x;
            if ((x = kv(t[i], "sm")) && parse_long(x, &v) == 0 && v > 0) {
                g->smClock = (int) v;
            } else if ((x = kv(t[i], "mem")) && parse_long(x, &v) == 0 && v > 0) {
                g->memClock = (int) v;
            } else {
                return fail(path, ln, "bad clocks option '%s' (sm=MHZ mem=MHZ)", t[i]);
            }
        }
        return 0;
    }
    if (strcmp(key, "power_limit") == 0 && n == 2 && parse_long(t[1], &v) == 0 && v > 0) {
        g->powerLimit = (unsigned int) v;
        return 0;
    }
    if (strcmp(key, "utilization") == 0 && n >= 2) {
        for (int i = 1; i < n; i++) {
            const char *x;
            if ((x = kv(t[i], "gpu")) && parse_long(x, &v) == 0 && v >= 0 && v <= 100) {
                g->utilGpu = (unsigned int) v;
            } else if ((x = kv(t[i], "mem")) && parse_long(x, &v) == 0 && v >= 0 && v <= 100) {
                g->utilMem = (unsigned int) v;
            } else {
                return fail(path, ln, "bad utilization option '%s' (gpu=PCT mem=PCT)", t[i]);
            }
        }
        return 0;
    }
    return fail(path, ln, "unknown or malformed line '%s' (keys: driver clock time_ms permission trace error "
                          "device name uuid pci power power_repeat energy_start energy_counter update_ms fields "
                          "mig mig_pending gi process process_sample_ms clocks power_limit utilization)", key);
}

static int load_scenario(const char *path) {
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(lastError, sizeof(lastError), "cannot open scenario %s", path);
        return -1;
    }
    memset(gpus, 0, sizeof(gpus));
    ngpus = 0;
    nerrors = 0;
    clockReal = 0;
    manualMs = 0;
    rootPermission = 1;
    profileInfoV3Unknown = 0;
    tracePath[0] = 0;
    strcpy(driverVersion, "550.54.15");
    lastError[0] = 0;
    clock_gettime(CLOCK_MONOTONIC, &realStart);
    char line[4096];
    int ln = 0;
    int rc = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        ln++;
        line[strcspn(line, "\r\n")] = 0;
        if (parse_line(path, ln, line) != 0) {
            rc = -1;
            break;
        }
    }
    fclose(f);
    if (rc != 0) {
        ngpus = 0;
        loaded = 0;
        return -1;
    }
    for (int i = 0; i < ncalls; i++) {
        calls[i].count = 0;
    }
    loaded = 1;
    return 0;
}

/* ------------------------------------------------------------------------------------------------------------
 * Test hooks (not part of NVML)
 * ---------------------------------------------------------------------------------------------------------- */

EXPORT int simReset(const char *path) {
    pthread_mutex_lock(&lock);
    int rc = load_scenario(path);
    pthread_mutex_unlock(&lock);
    return rc;
}

EXPORT const char *simLastError(void) {
    return lastError;
}

EXPORT void simAdvanceMs(long long ms) {
    if (ms > 0) {
        __atomic_fetch_add(&manualMs, ms, __ATOMIC_RELAXED);
    }
}

/* From now on, process pid on GPU device uses pct % of the SMs; adds the process if it is not listed. 0 on success. */
EXPORT int simProcessSm(int device, unsigned int pid, unsigned int pct) {
    pthread_mutex_lock(&lock);
    int rc = -1;
    if (device >= 0 && device < ngpus && pct <= 100 && pid > 0) {
        sim_gpu *g = &gpus[device];
        sim_process *p = NULL;
        for (int i = 0; i < g->nprocs; i++) {
            if (g->procs[i].pid == pid) {
                p = &g->procs[i];
            }
        }
        if (p == NULL && g->nprocs < MAX_PROCS) {
            p = &g->procs[g->nprocs++];
            memset(p, 0, sizeof(*p));
            p->pid = pid;
            p->gi = NO_INSTANCE;
            p->ci = NO_INSTANCE;
        }
        double t = now_ms();
        if (p != NULL && p->nsm > 0 && p->smAt[p->nsm - 1] >= t) {
            p->smPct[p->nsm - 1] = pct;
            rc = 0;
        } else if (p != NULL && p->nsm < MAX_UTIL_STEPS) {
            p->smAt[p->nsm] = t;
            p->smPct[p->nsm] = pct;
            p->nsm++;
            rc = 0;
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

/* An administrator's "nvidia-smi -i N -mig 0|1" followed by a GPU reset: current and pending mode change at once
 * (no instances survive a mode change). Returns 0, or -1 for an unknown or MIG-incapable device. */
EXPORT int simSetMigMode(int device, int enabled) {
    pthread_mutex_lock(&lock);
    int rc = -1;
    if (device >= 0 && device < ngpus && gpus[device].migCapable) {
        gpus[device].migMode = enabled != 0;
        gpus[device].migPending = enabled != 0;
        rc = 0;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

EXPORT long long simNowMs(void) {
    return (long long) now_ms();
}

EXPORT int simInitCount(void) {
    return initCount;
}

EXPORT long simCallCount(const char *fn) {
    for (int i = 0; i < ncalls; i++) {
        if (strcmp(calls[i].name, fn) == 0) {
            return calls[i].count;
        }
    }
    return 0;
}

/* The yardstick for the binding's overhead: a JNA call that does nothing with the shape of a hot NVML call. */
EXPORT int simNoop(void *device, void *out) {
    (void) device;
    (void) out;
    return 0;
}

#define LAYOUT(type, field) \
    if (strcmp(t, #type) == 0 && strcmp(f, #field) == 0) return (int) offsetof(type, field)
#define SIZE(type) \
    if (strcmp(t, #type) == 0) return (int) sizeof(type)

/* sizeof and offsetof as this C compiler lays the nvml.h structs out, for the binding's layout tests. */
EXPORT int simSizeof(const char *t) {
    SIZE(nvmlMemory_t);
    SIZE(nvmlMemory_v2_t);
    SIZE(nvmlUtilization_t);
    SIZE(nvmlFieldValue_t);
    SIZE(nvmlPciInfo_t);
    SIZE(nvmlProcessInfo_t);
    SIZE(nvmlGpuInstancePlacement_t);
    SIZE(nvmlGpuInstanceProfileInfo_t);
    SIZE(nvmlGpuInstanceProfileInfo_v2_t);
    SIZE(nvmlGpuInstanceProfileInfo_v3_t);
    SIZE(nvmlGpuInstanceInfo_t);
    SIZE(nvmlComputeInstanceProfileInfo_t);
    SIZE(nvmlComputeInstanceInfo_t);
    SIZE(nvmlDeviceAttributes_t);
    SIZE(nvmlProcessUtilizationSample_t);
    SIZE(nvmlProcessUtilizationInfo_v1_t);
    SIZE(nvmlProcessesUtilizationInfo_v1_t);
    return -1;
}

EXPORT int simOffsetof(const char *t, const char *f) {
    LAYOUT(nvmlMemory_t, used);
    LAYOUT(nvmlMemory_v2_t, total);
    LAYOUT(nvmlMemory_v2_t, reserved);
    LAYOUT(nvmlMemory_v2_t, free);
    LAYOUT(nvmlMemory_v2_t, used);
    LAYOUT(nvmlFieldValue_t, timestamp);
    LAYOUT(nvmlFieldValue_t, valueType);
    LAYOUT(nvmlFieldValue_t, nvmlReturn);
    LAYOUT(nvmlFieldValue_t, value);
    LAYOUT(nvmlPciInfo_t, domain);
    LAYOUT(nvmlPciInfo_t, busId);
    LAYOUT(nvmlProcessInfo_t, usedGpuMemory);
    LAYOUT(nvmlProcessInfo_t, gpuInstanceId);
    LAYOUT(nvmlProcessInfo_t, computeInstanceId);
    LAYOUT(nvmlProcessUtilizationSample_t, pid);
    LAYOUT(nvmlProcessUtilizationSample_t, timeStamp);
    LAYOUT(nvmlProcessUtilizationSample_t, smUtil);
    LAYOUT(nvmlProcessUtilizationSample_t, memUtil);
    LAYOUT(nvmlProcessUtilizationSample_t, encUtil);
    LAYOUT(nvmlProcessUtilizationSample_t, decUtil);
    LAYOUT(nvmlProcessUtilizationInfo_v1_t, timeStamp);
    LAYOUT(nvmlProcessUtilizationInfo_v1_t, pid);
    LAYOUT(nvmlProcessUtilizationInfo_v1_t, smUtil);
    LAYOUT(nvmlProcessUtilizationInfo_v1_t, memUtil);
    LAYOUT(nvmlProcessUtilizationInfo_v1_t, ofaUtil);
    LAYOUT(nvmlProcessesUtilizationInfo_v1_t, processSamplesCount);
    LAYOUT(nvmlProcessesUtilizationInfo_v1_t, lastSeenTimeStamp);
    LAYOUT(nvmlProcessesUtilizationInfo_v1_t, procUtilArray);
    LAYOUT(nvmlGpuInstanceProfileInfo_t, sliceCount);
    LAYOUT(nvmlGpuInstanceProfileInfo_t, multiprocessorCount);
    LAYOUT(nvmlGpuInstanceProfileInfo_t, memorySizeMB);
    LAYOUT(nvmlGpuInstanceProfileInfo_v2_t, id);
    LAYOUT(nvmlGpuInstanceProfileInfo_v2_t, sliceCount);
    LAYOUT(nvmlGpuInstanceProfileInfo_v2_t, memorySizeMB);
    LAYOUT(nvmlGpuInstanceProfileInfo_v2_t, name);
    LAYOUT(nvmlGpuInstanceProfileInfo_v3_t, sliceCount);
    LAYOUT(nvmlGpuInstanceProfileInfo_v3_t, memorySizeMB);
    LAYOUT(nvmlGpuInstanceProfileInfo_v3_t, name);
    LAYOUT(nvmlGpuInstanceProfileInfo_v3_t, capabilities);
    LAYOUT(nvmlGpuInstanceInfo_t, id);
    LAYOUT(nvmlGpuInstanceInfo_t, profileId);
    LAYOUT(nvmlGpuInstanceInfo_t, placement);
    LAYOUT(nvmlComputeInstanceInfo_t, gpuInstance);
    LAYOUT(nvmlComputeInstanceInfo_t, id);
    LAYOUT(nvmlComputeInstanceInfo_t, profileId);
    LAYOUT(nvmlComputeInstanceInfo_t, placement);
    LAYOUT(nvmlComputeInstanceProfileInfo_t, sliceCount);
    LAYOUT(nvmlDeviceAttributes_t, gpuInstanceSliceCount);
    LAYOUT(nvmlDeviceAttributes_t, computeInstanceSliceCount);
    LAYOUT(nvmlDeviceAttributes_t, memorySizeMB);
    return -1;
}

EXPORT unsigned int simStructVersion(const char *t) {
    if (strcmp(t, "nvmlMemory_v2") == 0) return NVML_STRUCT_VERSION(nvmlMemory_v2_t, 2);
    if (strcmp(t, "nvmlGpuInstanceProfileInfo_v2") == 0) return NVML_STRUCT_VERSION(nvmlGpuInstanceProfileInfo_v2_t, 2);
    if (strcmp(t, "nvmlGpuInstanceProfileInfo_v3") == 0) return NVML_STRUCT_VERSION(nvmlGpuInstanceProfileInfo_v3_t, 3);
    if (strcmp(t, "nvmlProcessesUtilizationInfo_v1") == 0) {
        return NVML_STRUCT_VERSION(nvmlProcessesUtilizationInfo_v1_t, 1);
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------------------------
 * NVML: initialisation and system
 * ---------------------------------------------------------------------------------------------------------- */

static nvmlReturn_t do_init(const char *fn) {
    pthread_mutex_lock(&lock);
    if (!loaded) {
        const char *path = getenv("GREENSLICE_NVML_SIM_SCENARIO");
        if (path == NULL || load_scenario(path) != 0) {
            fprintf(stderr, "nvml-sim: %s\n", path == NULL
                    ? "no scenario: set GREENSLICE_NVML_SIM_SCENARIO or call simReset(path)" : lastError);
            pthread_mutex_unlock(&lock);
            return NVML_ERROR_DRIVER_NOT_LOADED;
        }
    }
    pthread_mutex_unlock(&lock);
    int rc = injected(fn, -1);
    if (rc != 0) {
        return rc;
    }
    pthread_mutex_lock(&lock);
    initCount++;
    pthread_mutex_unlock(&lock);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlInit_v2(void) {
    COUNT("nvmlInit_v2");
    return do_init("nvmlInit_v2");
}

EXPORT nvmlReturn_t nvmlInitWithFlags(unsigned int flags) {
    COUNT("nvmlInitWithFlags");
    (void) flags;
    return do_init("nvmlInitWithFlags");
}

EXPORT nvmlReturn_t nvmlShutdown(void) {
    COUNT("nvmlShutdown");
    pthread_mutex_lock(&lock);
    if (initCount == 0) {
        pthread_mutex_unlock(&lock);
        return NVML_ERROR_UNINITIALIZED;
    }
    initCount--;
    pthread_mutex_unlock(&lock);
    return NVML_SUCCESS;
}

EXPORT const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
        case NVML_SUCCESS: return "Success";
        case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
        case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
        case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
        case NVML_ERROR_NO_PERMISSION: return "Insufficient Permissions";
        case NVML_ERROR_ALREADY_INITIALIZED: return "Already Initialized";
        case NVML_ERROR_NOT_FOUND: return "Not Found";
        case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
        case NVML_ERROR_INSUFFICIENT_POWER: return "Insufficient External Power";
        case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
        case NVML_ERROR_TIMEOUT: return "Timeout";
        case NVML_ERROR_IRQ_ISSUE: return "Interrupt request issue";
        case NVML_ERROR_LIBRARY_NOT_FOUND: return "NVML Shared Library Not Found";
        case NVML_ERROR_FUNCTION_NOT_FOUND: return "Function Not Found";
        case NVML_ERROR_CORRUPTED_INFOROM: return "Corrupted infoROM";
        case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
        case NVML_ERROR_RESET_REQUIRED: return "GPU requires restart";
        case NVML_ERROR_OPERATING_SYSTEM: return "The operating system has blocked the request.";
        case NVML_ERROR_LIB_RM_VERSION_MISMATCH: return "RM has detected an NVML/RM version mismatch.";
        case NVML_ERROR_IN_USE: return "In use by another client";
        case NVML_ERROR_MEMORY: return "Insufficient Memory";
        case NVML_ERROR_NO_DATA: return "No data";
        case NVML_ERROR_INSUFFICIENT_RESOURCES: return "Insufficient resources";
        case NVML_ERROR_FREQ_NOT_SUPPORTED: return "Frequency not supported";
        case NVML_ERROR_ARGUMENT_VERSION_MISMATCH: return "Argument version mismatch";
        case NVML_ERROR_DEPRECATED: return "The requested functionality has been deprecated";
        case NVML_ERROR_NOT_READY: return "System is not ready";
        case NVML_ERROR_GPU_NOT_FOUND: return "GPU not found";
        case NVML_ERROR_INVALID_STATE: return "Invalid state";
        default: return "Unknown Error";
    }
}

EXPORT nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    ENTER("nvmlSystemGetDriverVersion");
    return put_string(version, length, driverVersion);
}

EXPORT nvmlReturn_t nvmlSystemGetNVMLVersion(char *version, unsigned int length) {
    ENTER("nvmlSystemGetNVMLVersion");
    char v[48];
    snprintf(v, sizeof(v), "12.%s", driverVersion);
    return put_string(version, length, v);
}

/* ------------------------------------------------------------------------------------------------------------
 * NVML: device discovery and identity
 * ---------------------------------------------------------------------------------------------------------- */

EXPORT nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    ENTER("nvmlDeviceGetCount_v2");
    if (count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *count = (unsigned int) ngpus;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    ENTER("nvmlDeviceGetHandleByIndex_v2");
    if (device == NULL || index >= (unsigned int) ngpus) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *device = &gpus[index].handle;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetHandleByUUID(const char *uuid, nvmlDevice_t *device) {
    ENTER("nvmlDeviceGetHandleByUUID");
    if (uuid == NULL || device == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    for (int i = 0; i < ngpus; i++) {
        if (strcmp(gpus[i].uuid, uuid) == 0) {
            *device = &gpus[i].handle;
            return NVML_SUCCESS;
        }
        for (int k = 0; k < MAX_GI; k++) {
            for (int c = 0; c < MAX_CI; c++) {
                sim_ci *ci = &gpus[i].gi[k].ci[c];
                if (gpus[i].gi[k].used && ci->used && strcmp(ci->uuid, uuid) == 0) {
                    *device = &ci->handle;
                    return NVML_SUCCESS;
                }
            }
        }
    }
    return NVML_ERROR_NOT_FOUND;
}

EXPORT nvmlReturn_t nvmlDeviceGetHandleByPciBusId_v2(const char *busId, nvmlDevice_t *device) {
    ENTER("nvmlDeviceGetHandleByPciBusId_v2");
    if (busId == NULL || device == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    unsigned int d = 0, b, dev, f = 0;
    int colons = 0;
    for (const char *p = busId; *p; p++) {
        colons += *p == ':';
    }
    int ok = colons == 2 ? sscanf(busId, "%x:%x:%x.%x", &d, &b, &dev, &f) >= 3
                         : colons == 1 && sscanf(busId, "%x:%x.%x", &b, &dev, &f) >= 2;
    if (!ok) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    for (int i = 0; i < ngpus; i++) {
        if (gpus[i].pciDomain == d && gpus[i].pciBus == b && gpus[i].pciDevice == dev && f == 0) {
            *device = &gpus[i].handle;
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_NOT_FOUND;
}

EXPORT nvmlReturn_t nvmlDeviceGetIndex(nvmlDevice_t device, unsigned int *index) {
    ENTER_DEVICE("nvmlDeviceGetIndex", device);
    PHYSICAL_ONLY(device);
    if (index == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *index = (unsigned int) device->gpu->index;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    ENTER_DEVICE("nvmlDeviceGetName", device);
    if (device->isMig) {
        char n[160];
        snprintf(n, sizeof(n), "%s MIG %s", device->gpu->name, device->ci->gi->profile->name);
        return put_string(name, length, n);
    }
    return put_string(name, length, device->gpu->name);
}

EXPORT nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
    ENTER_DEVICE("nvmlDeviceGetUUID", device);
    return put_string(uuid, length, device->isMig ? device->ci->uuid : device->gpu->uuid);
}

EXPORT nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t device, nvmlPciInfo_t *pci) {
    ENTER_DEVICE("nvmlDeviceGetPciInfo_v3", device);
    if (pci == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const sim_gpu *g = device->gpu;
    memset(pci, 0, sizeof(*pci));
    snprintf(pci->busIdLegacy, sizeof(pci->busIdLegacy), "%04X:%02X:%02X.0", g->pciDomain, g->pciBus, g->pciDevice);
    snprintf(pci->busId, sizeof(pci->busId), "%08X:%02X:%02X.0", g->pciDomain, g->pciBus, g->pciDevice);
    pci->domain = g->pciDomain;
    pci->bus = g->pciBus;
    pci->device = g->pciDevice;
    pci->pciDeviceId = g->model->pciDeviceId;
    pci->pciSubSystemId = 0x145F10DE;
    return NVML_SUCCESS;
}

/* ------------------------------------------------------------------------------------------------------------
 * NVML: memory and utilization
 * ---------------------------------------------------------------------------------------------------------- */

static void memory_of(nvmlDevice_t device, unsigned long long *total, unsigned long long *reserved,
                      unsigned long long *used) {
    const sim_gpu *g = device->gpu;
    unsigned long long procs = 0;
    for (int i = 0; i < g->nprocs; i++) {
        if (!device->isMig || g->procs[i].gi == device->ci->gi->id) {
            procs += g->procs[i].memBytes;
        }
    }
    if (device->isMig) {
        *total = device->ci->gi->profile->memMb << 20;
        *reserved = 0;
    } else {
        *total = g->model->memMb << 20;
        *reserved = g->reservedMb << 20;
    }
    *used = procs;
}

EXPORT nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
    ENTER_DEVICE("nvmlDeviceGetMemoryInfo", device);
    if (memory == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    unsigned long long total, reserved, used;
    memory_of(device, &total, &reserved, &used);
    memory->total = total;
    memory->used = reserved + used; /* v1 counts reserved memory as used */
    memory->free = total - reserved - used;
    return NVML_SUCCESS;
}

#ifndef SIM_LEGACY
EXPORT nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory) {
    ENTER_DEVICE("nvmlDeviceGetMemoryInfo_v2", device);
    if (memory == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (memory->version != NVML_STRUCT_VERSION(nvmlMemory_v2_t, 2)) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    unsigned long long total, reserved, used;
    memory_of(device, &total, &reserved, &used);
    memory->total = total;
    memory->reserved = reserved;
    memory->used = used;
    memory->free = total - reserved - used;
    return NVML_SUCCESS;
}
#endif

EXPORT nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
    ENTER_DEVICE("nvmlDeviceGetUtilizationRates", device);
    PHYSICAL_ONLY(device);
    if (utilization == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    utilization->gpu = device->gpu->utilGpu;
    utilization->memory = device->gpu->utilMem;
    return NVML_SUCCESS;
}

/* ------------------------------------------------------------------------------------------------------------
 * NVML: power and energy (the hot calls: no locks)
 * ---------------------------------------------------------------------------------------------------------- */

EXPORT nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
    ENTER_DEVICE("nvmlDeviceGetPowerUsage", device);
    PHYSICAL_ONLY(device);
    if (power == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const sim_gpu *g = device->gpu;
    *power = (unsigned int) llround(power_at(g, quantized(g, now_ms())));
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy) {
    ENTER_DEVICE("nvmlDeviceGetTotalEnergyConsumption", device);
    PHYSICAL_ONLY(device);
    const sim_gpu *g = device->gpu;
    if (!g->energyCounter) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    if (energy == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *energy = g->energyStartMj + (unsigned long long) (energy_uj(g, quantized(g, now_ms())) / 1000.0);
    return NVML_SUCCESS;
}

#ifndef SIM_LEGACY
EXPORT nvmlReturn_t nvmlDeviceGetFieldValues(nvmlDevice_t device, int valuesCount, nvmlFieldValue_t *values) {
    ENTER_DEVICE("nvmlDeviceGetFieldValues", device);
    if (values == NULL || valuesCount < 0) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const sim_gpu *g = device->gpu;
    double t = quantized(g, now_ms());
    struct timeval tv;
    gettimeofday(&tv, NULL);
    for (int i = 0; i < valuesCount; i++) {
        nvmlFieldValue_t *v = &values[i];
        v->timestamp = (long long) tv.tv_sec * 1000000 + tv.tv_usec;
        v->latencyUsec = 0;
        v->valueType = NVML_VALUE_TYPE_UNSIGNED_INT;
        v->value.ullVal = 0;
        int supported = !device->isMig && v->scopeId == NVML_POWER_SCOPE_GPU
                        && ((v->fieldId == NVML_FI_DEV_POWER_INSTANT && g->fieldInstant)
                            || (v->fieldId == NVML_FI_DEV_POWER_AVERAGE && g->fieldAverage));
        if (!supported) {
            v->nvmlReturn = NVML_ERROR_NOT_SUPPORTED;
            continue;
        }
        double mw;
        if (v->fieldId == NVML_FI_DEV_POWER_INSTANT) {
            mw = power_at(g, t);
        } else {
            double from = t >= 1000 ? t - 1000 : 0;
            mw = t > from ? (energy_uj(g, t) - energy_uj(g, from)) / (t - from) : power_at(g, t);
        }
        v->value.uiVal = (unsigned int) llround(mw);
        v->nvmlReturn = NVML_SUCCESS;
    }
    return NVML_SUCCESS;
}
#endif

/* ------------------------------------------------------------------------------------------------------------
 * NVML: clocks
 * ---------------------------------------------------------------------------------------------------------- */

static int current_sm(const sim_gpu *g) {
    return g->locked ? g->lockMax : g->smClock;
}

EXPORT nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, int type, unsigned int *clock) {
    ENTER_DEVICE("nvmlDeviceGetClockInfo", device);
    PHYSICAL_ONLY(device);
    if (clock == NULL || type < 0 || type > 3) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const sim_gpu *g = device->gpu;
    *clock = (unsigned int) (type == 2 ? g->memClock : type == 3 ? 1275 : current_sm(g));
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMaxClockInfo(nvmlDevice_t device, int type, unsigned int *clock) {
    ENTER_DEVICE("nvmlDeviceGetMaxClockInfo", device);
    PHYSICAL_ONLY(device);
    if (clock == NULL || type < 0 || type > 3) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const sim_model *m = device->gpu->model;
    *clock = (unsigned int) (type == 2 ? m->memClock : type == 3 ? 1950 : m->maxSm);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetSupportedMemoryClocks(nvmlDevice_t device, unsigned int *count,
                                                       unsigned int *clocksMHz) {
    ENTER_DEVICE("nvmlDeviceGetSupportedMemoryClocks", device);
    PHYSICAL_ONLY(device);
    if (count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (*count < 1 || clocksMHz == NULL) {
        *count = 1;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    clocksMHz[0] = (unsigned int) device->gpu->model->memClock;
    *count = 1;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetSupportedGraphicsClocks(nvmlDevice_t device, unsigned int memoryClockMHz,
                                                         unsigned int *count, unsigned int *clocksMHz) {
    ENTER_DEVICE("nvmlDeviceGetSupportedGraphicsClocks", device);
    PHYSICAL_ONLY(device);
    const sim_model *m = device->gpu->model;
    if (count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (memoryClockMHz != (unsigned int) m->memClock) {
        return NVML_ERROR_NOT_FOUND;
    }
    unsigned int n = (unsigned int) ((m->maxSm - m->minSm) / m->stepSm + 1);
    if (*count < n || clocksMHz == NULL) {
        *count = n;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    for (unsigned int i = 0; i < n; i++) {
        clocksMHz[i] = (unsigned int) (m->maxSm - (int) i * m->stepSm);
    }
    *count = n;
    return NVML_SUCCESS;
}

#ifndef SIM_LEGACY
EXPORT nvmlReturn_t nvmlDeviceSetGpuLockedClocks(nvmlDevice_t device, unsigned int minGpuClockMHz,
                                                 unsigned int maxGpuClockMHz) {
    ENTER_DEVICE("nvmlDeviceSetGpuLockedClocks", device);
    PHYSICAL_ONLY(device);
    sim_gpu *g = device->gpu;
    int rc = NVML_SUCCESS;
    if (!rootPermission) {
        rc = NVML_ERROR_NO_PERMISSION;
    } else if (minGpuClockMHz > maxGpuClockMHz || (int) minGpuClockMHz < g->model->minSm
               || (int) maxGpuClockMHz > g->model->maxSm) {
        rc = NVML_ERROR_INVALID_ARGUMENT;
    } else {
        pthread_mutex_lock(&lock);
        g->locked = 1;
        g->lockMin = (int) minGpuClockMHz;
        g->lockMax = (int) maxGpuClockMHz;
        pthread_mutex_unlock(&lock);
    }
    trace("nvmlDeviceSetGpuLockedClocks gpu=%d min=%u max=%u rc=%d", g->index, minGpuClockMHz, maxGpuClockMHz, rc);
    return rc;
}

EXPORT nvmlReturn_t nvmlDeviceResetGpuLockedClocks(nvmlDevice_t device) {
    ENTER_DEVICE("nvmlDeviceResetGpuLockedClocks", device);
    PHYSICAL_ONLY(device);
    sim_gpu *g = device->gpu;
    int rc = rootPermission ? NVML_SUCCESS : NVML_ERROR_NO_PERMISSION;
    if (rc == NVML_SUCCESS) {
        g->locked = 0;
    }
    trace("nvmlDeviceResetGpuLockedClocks gpu=%d rc=%d", g->index, rc);
    return rc;
}
#endif

/* ------------------------------------------------------------------------------------------------------------
 * NVML: power limits
 * ---------------------------------------------------------------------------------------------------------- */

EXPORT nvmlReturn_t nvmlDeviceGetPowerManagementLimit(nvmlDevice_t device, unsigned int *limit) {
    ENTER_DEVICE("nvmlDeviceGetPowerManagementLimit", device);
    PHYSICAL_ONLY(device);
    if (limit == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *limit = device->gpu->powerLimit;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetPowerManagementLimitConstraints(nvmlDevice_t device, unsigned int *minLimit,
                                                                 unsigned int *maxLimit) {
    ENTER_DEVICE("nvmlDeviceGetPowerManagementLimitConstraints", device);
    PHYSICAL_ONLY(device);
    if (minLimit == NULL || maxLimit == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *minLimit = device->gpu->model->minLimit;
    *maxLimit = device->gpu->model->maxLimit;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetPowerManagementDefaultLimit(nvmlDevice_t device, unsigned int *defaultLimit) {
    ENTER_DEVICE("nvmlDeviceGetPowerManagementDefaultLimit", device);
    PHYSICAL_ONLY(device);
    if (defaultLimit == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *defaultLimit = device->gpu->model->defLimit;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit) {
    ENTER_DEVICE("nvmlDeviceGetEnforcedPowerLimit", device);
    PHYSICAL_ONLY(device);
    if (limit == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *limit = device->gpu->powerLimit;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceSetPowerManagementLimit(nvmlDevice_t device, unsigned int limit) {
    ENTER_DEVICE("nvmlDeviceSetPowerManagementLimit", device);
    PHYSICAL_ONLY(device);
    sim_gpu *g = device->gpu;
    int rc = NVML_SUCCESS;
    if (!rootPermission) {
        rc = NVML_ERROR_NO_PERMISSION;
    } else if (limit < g->model->minLimit || limit > g->model->maxLimit) {
        rc = NVML_ERROR_INVALID_ARGUMENT;
    } else {
        g->powerLimit = limit;
    }
    trace("nvmlDeviceSetPowerManagementLimit gpu=%d limit=%u rc=%d", g->index, limit, rc);
    return rc;
}

/* ------------------------------------------------------------------------------------------------------------
 * NVML: processes
 * ---------------------------------------------------------------------------------------------------------- */

static nvmlReturn_t running_processes(nvmlDevice_t device, unsigned int *infoCount, nvmlProcessInfo_t *infos) {
    if (infoCount == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const sim_gpu *g = device->gpu;
    if (!device->isMig && g->migMode && !rootPermission) {
        return NVML_ERROR_NO_PERMISSION; /* aggregate over MIG instances needs privilege */
    }
    unsigned int n = 0;
    for (int i = 0; i < g->nprocs; i++) {
        if (!device->isMig
            || (g->procs[i].gi == device->ci->gi->id && g->procs[i].ci == device->ci->id)) {
            n++;
        }
    }
    if (*infoCount < n || (n > 0 && infos == NULL)) {
        *infoCount = n;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    unsigned int k = 0;
    for (int i = 0; i < g->nprocs; i++) {
        const sim_process *p = &g->procs[i];
        if (!device->isMig || (p->gi == device->ci->gi->id && p->ci == device->ci->id)) {
            infos[k].pid = p->pid;
            infos[k].usedGpuMemory = p->memBytes;
            infos[k].gpuInstanceId = g->migMode ? p->gi : NO_INSTANCE;
            infos[k].computeInstanceId = g->migMode ? p->ci : NO_INSTANCE;
            k++;
        }
    }
    *infoCount = n;
    return NVML_SUCCESS;
}

#ifndef SIM_LEGACY
EXPORT nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned int *infoCount,
                                                            nvmlProcessInfo_t *infos) {
    ENTER_DEVICE("nvmlDeviceGetComputeRunningProcesses_v3", device);
    return running_processes(device, infoCount, infos);
}
#endif

EXPORT nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v2(nvmlDevice_t device, unsigned int *infoCount,
                                                            nvmlProcessInfo_t *infos) {
    ENTER_DEVICE("nvmlDeviceGetComputeRunningProcesses_v2", device);
    return running_processes(device, infoCount, infos);
}

/* ------------------------------------------------------------------------------------------------------------
 * NVML: per-process utilization. The driver samples every process's SM and frame-buffer utilization once per
 * sampling period and keeps the last PROCESS_SAMPLE_PERIODS periods; a query returns one sample per process that
 * had non-zero utilization in a period, for every period whose end (its timestamp, microseconds) is later than
 * lastSeenTimeStamp. No such sample: NOT_FOUND. Both calls are "not currently supported" on MIG-enabled GPUs
 * (nvml.h), so they answer NOT_SUPPORTED there, for the board and for MIG device handles.
 * ---------------------------------------------------------------------------------------------------------- */

static unsigned int sm_pct_at(const sim_process *p, double t) {
    unsigned int pct = 0;
    for (int i = 0; i < p->nsm; i++) {
        if (p->smAt[i] <= t) {
            pct = p->smPct[i];
        }
    }
    return pct;
}

typedef struct {
    unsigned int pid;
    unsigned long long timeStamp;
    unsigned int sm, mem;
} sim_util_sample;

/* The samples later than lastSeen, oldest period first; returns their number (at most max are written). */
static unsigned int process_samples(const sim_gpu *g, unsigned long long lastSeen, sim_util_sample *out,
                                    unsigned int max) {
    double period = g->processSampleMs;
    long long newest = (long long) floor(now_ms() / period); /* periods completed so far */
    long long oldest = newest - PROCESS_SAMPLE_PERIODS + 1;
    if (oldest < 1) {
        oldest = 1;
    }
    unsigned int n = 0;
    for (long long k = oldest; k <= newest; k++) {
        unsigned long long ts = (unsigned long long) llround((double) k * period * 1000.0);
        if (ts <= lastSeen) {
            continue;
        }
        double mid = ((double) k - 0.5) * period; /* the utilization over the period, read at its middle */
        for (int i = 0; i < g->nprocs; i++) {
            const sim_process *p = &g->procs[i];
            unsigned int sm = sm_pct_at(p, mid);
            unsigned int mem = sm == 0 ? 0 : p->memPct;
            if (sm == 0) {
                continue;
            }
            if (n < max) {
                out[n].pid = p->pid;
                out[n].timeStamp = ts;
                out[n].sm = sm;
                out[n].mem = mem;
            }
            n++;
        }
    }
    return n;
}

#define MAX_UTIL_SAMPLES (PROCESS_SAMPLE_PERIODS * MAX_PROCS)
static sim_util_sample utilSamples[MAX_UTIL_SAMPLES];

EXPORT nvmlReturn_t nvmlDeviceGetProcessUtilization(nvmlDevice_t device, nvmlProcessUtilizationSample_t *utilization,
                                                    unsigned int *processSamplesCount,
                                                    unsigned long long lastSeenTimeStamp) {
    ENTER_DEVICE("nvmlDeviceGetProcessUtilization", device);
    if (processSamplesCount == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const sim_gpu *g = device->gpu;
    if (device->isMig || g->migMode) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    pthread_mutex_lock(&lock);
    unsigned int n = process_samples(g, lastSeenTimeStamp, utilSamples, MAX_UTIL_SAMPLES);
    nvmlReturn_t rc = NVML_SUCCESS;
    if (n == 0) {
        rc = NVML_ERROR_NOT_FOUND;
    } else if (utilization == NULL || *processSamplesCount < n) {
        /* nvml.h: call with a NULL buffer to learn the size; drivers answer INSUFFICIENT_SIZE with the count */
        *processSamplesCount = n;
        rc = NVML_ERROR_INSUFFICIENT_SIZE;
    } else {
        for (unsigned int i = 0; i < n; i++) {
            utilization[i].pid = utilSamples[i].pid;
            utilization[i].timeStamp = utilSamples[i].timeStamp;
            utilization[i].smUtil = utilSamples[i].sm;
            utilization[i].memUtil = utilSamples[i].mem;
            utilization[i].encUtil = 0;
            utilization[i].decUtil = 0;
        }
        *processSamplesCount = n;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

#ifndef SIM_LEGACY
EXPORT nvmlReturn_t nvmlDeviceGetProcessesUtilizationInfo(nvmlDevice_t device,
                                                          nvmlProcessesUtilizationInfo_v1_t *procesesUtilInfo) {
    ENTER_DEVICE("nvmlDeviceGetProcessesUtilizationInfo", device);
    if (procesesUtilInfo == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (procesesUtilInfo->version != NVML_STRUCT_VERSION(nvmlProcessesUtilizationInfo_v1_t, 1)) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    const sim_gpu *g = device->gpu;
    if (device->isMig || g->migMode) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    pthread_mutex_lock(&lock);
    unsigned int n = process_samples(g, procesesUtilInfo->lastSeenTimeStamp, utilSamples, MAX_UTIL_SAMPLES);
    nvmlReturn_t rc = NVML_SUCCESS;
    if (n == 0) {
        rc = NVML_ERROR_NOT_FOUND;
    } else if (procesesUtilInfo->procUtilArray == NULL || procesesUtilInfo->processSamplesCount < n) {
        procesesUtilInfo->processSamplesCount = n;
        rc = NVML_ERROR_INSUFFICIENT_SIZE;
    } else {
        for (unsigned int i = 0; i < n; i++) {
            nvmlProcessUtilizationInfo_v1_t *o = &procesesUtilInfo->procUtilArray[i];
            memset(o, 0, sizeof(*o));
            o->timeStamp = utilSamples[i].timeStamp;
            o->pid = utilSamples[i].pid;
            o->smUtil = utilSamples[i].sm;
            o->memUtil = utilSamples[i].mem;
        }
        procesesUtilInfo->processSamplesCount = n;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}
#endif

/* ------------------------------------------------------------------------------------------------------------
 * NVML: MIG
 * ---------------------------------------------------------------------------------------------------------- */

#ifndef SIM_LEGACY

#define MIG_CAPABLE(dev) \
    if (!(dev)->gpu->migCapable) return NVML_ERROR_NOT_SUPPORTED

#define PRIVILEGED \
    if (!rootPermission) return NVML_ERROR_NO_PERMISSION

EXPORT nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t device, unsigned int *currentMode, unsigned int *pendingMode) {
    ENTER_DEVICE("nvmlDeviceGetMigMode", device);
    PHYSICAL_ONLY(device);
    MIG_CAPABLE(device);
    if (currentMode == NULL || pendingMode == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *currentMode = (unsigned int) device->gpu->migMode;
    *pendingMode = (unsigned int) device->gpu->migPending;
    return NVML_SUCCESS;
}

static void fill_profile_common(const sim_profile *p, unsigned int *id, unsigned int *sliceCount,
                                unsigned int *instanceCount, unsigned int *sms, unsigned int *ce, unsigned int *dec,
                                unsigned int *enc, unsigned int *jpg, unsigned int *ofa, unsigned long long *mem) {
    *id = (unsigned int) p->id;
    *sliceCount = (unsigned int) p->slices;
    *instanceCount = (unsigned int) p->instances;
    *sms = (unsigned int) p->sms;
    *ce = (unsigned int) p->ce;
    *dec = (unsigned int) p->dec;
    *enc = (unsigned int) p->enc;
    *jpg = (unsigned int) p->jpg;
    *ofa = (unsigned int) p->ofa;
    *mem = p->memMb;
}

/* Profile indices are enumerated from 0: unsupported ones answer NOT_SUPPORTED, the end INVALID_ARGUMENT. */
static int lookup_profile(nvmlDevice_t device, unsigned int profile, const sim_profile **out) {
    if (profile >= NVML_GPU_INSTANCE_PROFILE_COUNT) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *out = profile_by_index(device->gpu->model, profile);
    return *out == NULL ? NVML_ERROR_NOT_SUPPORTED : NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetGpuInstanceProfileInfo(nvmlDevice_t device, unsigned int profile,
                                                        nvmlGpuInstanceProfileInfo_t *info) {
    ENTER_DEVICE("nvmlDeviceGetGpuInstanceProfileInfo", device);
    PHYSICAL_ONLY(device);
    MIG_CAPABLE(device);
    if (info == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const sim_profile *p;
    int rc = lookup_profile(device, profile, &p);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    memset(info, 0, sizeof(*info));
    fill_profile_common(p, &info->id, &info->sliceCount, &info->instanceCount, &info->multiprocessorCount,
                        &info->copyEngineCount, &info->decoderCount, &info->encoderCount, &info->jpegCount,
                        &info->ofaCount, &info->memorySizeMB);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetGpuInstanceProfileInfoV(nvmlDevice_t device, unsigned int profile,
                                                         nvmlGpuInstanceProfileInfo_v2_t *info) {
    ENTER_DEVICE("nvmlDeviceGetGpuInstanceProfileInfoV", device);
    PHYSICAL_ONLY(device);
    MIG_CAPABLE(device);
    if (info == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    unsigned int version = info->version;
    if (profileInfoV3Unknown) {
        /* Drivers before NVML 12.3: v2 only, anything else is an invalid argument. */
        if (version != NVML_STRUCT_VERSION(nvmlGpuInstanceProfileInfo_v2_t, 2)) {
            return NVML_ERROR_INVALID_ARGUMENT;
        }
    } else if (version != NVML_STRUCT_VERSION(nvmlGpuInstanceProfileInfo_v2_t, 2)
        && version != NVML_STRUCT_VERSION(nvmlGpuInstanceProfileInfo_v3_t, 3)) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    /* nvml.h: NOT_SUPPORTED "if device doesn't have MIG mode enabled" (the unversioned call only needs support). */
    if (!device->gpu->migMode) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    const sim_profile *p;
    int rc = lookup_profile(device, profile, &p);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    char name[96];
    snprintf(name, sizeof(name), "MIG %s", p->name);
    if (version == NVML_STRUCT_VERSION(nvmlGpuInstanceProfileInfo_v2_t, 2)) {
        memset(info, 0, sizeof(*info));
        info->version = version;
        fill_profile_common(p, &info->id, &info->sliceCount, &info->instanceCount, &info->multiprocessorCount,
                            &info->copyEngineCount, &info->decoderCount, &info->encoderCount, &info->jpegCount,
                            &info->ofaCount, &info->memorySizeMB);
        snprintf(info->name, sizeof(info->name), "%s", name);
    } else {
        nvmlGpuInstanceProfileInfo_v3_t *v3 = (nvmlGpuInstanceProfileInfo_v3_t *) info;
        memset(v3, 0, sizeof(*v3));
        v3->version = version;
        fill_profile_common(p, &v3->id, &v3->sliceCount, &v3->instanceCount, &v3->multiprocessorCount,
                            &v3->copyEngineCount, &v3->decoderCount, &v3->encoderCount, &v3->jpegCount,
                            &v3->ofaCount, &v3->memorySizeMB);
        snprintf(v3->name, sizeof(v3->name), "%s", name);
        v3->capabilities = 0;
    }
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetGpuInstancePossiblePlacements_v2(nvmlDevice_t device, unsigned int profileId,
                                                                  nvmlGpuInstancePlacement_t *placements,
                                                                  unsigned int *count) {
    ENTER_DEVICE("nvmlDeviceGetGpuInstancePossiblePlacements_v2", device);
    PHYSICAL_ONLY(device);
    MIG_CAPABLE(device);
    PRIVILEGED;
    if (count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const sim_profile *p = profile_by_id(device->gpu->model, profileId);
    if (p == NULL) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    if (placements == NULL) {
        *count = (unsigned int) p->nstarts;
        return NVML_SUCCESS;
    }
    if (*count < (unsigned int) p->nstarts) {
        *count = (unsigned int) p->nstarts;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    for (int i = 0; i < p->nstarts; i++) {
        placements[i].start = (unsigned int) p->starts[i];
        placements[i].size = (unsigned int) p->size;
    }
    *count = (unsigned int) p->nstarts;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceCreateGpuInstanceWithPlacement(nvmlDevice_t device, unsigned int profileId,
                                                             const nvmlGpuInstancePlacement_t *placement,
                                                             nvmlGpuInstance_t *gpuInstance) {
    ENTER_DEVICE("nvmlDeviceCreateGpuInstanceWithPlacement", device);
    PHYSICAL_ONLY(device);
    sim_gpu *g = device->gpu;
    int rc;
    const sim_profile *p = profile_by_id(g->model, profileId);
    sim_gi *gi = NULL;
    if (!g->migCapable || !g->migMode) {
        rc = NVML_ERROR_NOT_SUPPORTED;
    } else if (!rootPermission) {
        rc = NVML_ERROR_NO_PERMISSION;
    } else if (placement == NULL || gpuInstance == NULL || p == NULL || placement->size != (unsigned int) p->size) {
        rc = NVML_ERROR_INVALID_ARGUMENT;
    } else {
        pthread_mutex_lock(&lock);
        rc = create_gi(g, p, placement->start, &gi);
        pthread_mutex_unlock(&lock);
        if (rc == NVML_SUCCESS) {
            *gpuInstance = gi;
        }
    }
    trace("nvmlDeviceCreateGpuInstanceWithPlacement gpu=%d profileId=%u start=%u rc=%d", g->index, profileId,
          placement != NULL ? placement->start : 0, rc);
    return rc;
}

EXPORT nvmlReturn_t nvmlGpuInstanceDestroy(nvmlGpuInstance_t gpuInstance) {
    COUNT("nvmlGpuInstanceDestroy");
    if (initCount == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (!valid_gi(gpuInstance)) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    sim_gpu *g = gpuInstance->gpu;
    int rc = injected("nvmlGpuInstanceDestroy", g->index);
    if (rc == 0) {
        int cis = 0;
        for (int i = 0; i < MAX_CI; i++) {
            cis += gpuInstance->ci[i].used;
        }
        if (g->lost) {
            rc = NVML_ERROR_GPU_IS_LOST;
        } else if (!rootPermission) {
            rc = NVML_ERROR_NO_PERMISSION;
        } else if (cis > 0 || processes_on(g, gpuInstance->id, NO_INSTANCE) > 0) {
            rc = NVML_ERROR_IN_USE;
        } else {
            gpuInstance->used = 0;
        }
    }
    trace("nvmlGpuInstanceDestroy gpu=%d id=%u rc=%d", g->index, gpuInstance->id, rc);
    return rc;
}

EXPORT nvmlReturn_t nvmlDeviceGetGpuInstances(nvmlDevice_t device, unsigned int profileId,
                                              nvmlGpuInstance_t *gpuInstances, unsigned int *count) {
    ENTER_DEVICE("nvmlDeviceGetGpuInstances", device);
    PHYSICAL_ONLY(device);
    MIG_CAPABLE(device);
    if (!device->gpu->migMode) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    PRIVILEGED;
    if (gpuInstances == NULL || count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    const sim_profile *p = profile_by_id(device->gpu->model, profileId);
    if (p == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    unsigned int n = 0;
    for (int i = 0; i < MAX_GI; i++) {
        sim_gi *gi = &device->gpu->gi[i];
        if (gi->used && gi->profile == p) {
            gpuInstances[n++] = gi;
        }
    }
    *count = n;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetGpuInstanceById(nvmlDevice_t device, unsigned int id,
                                                 nvmlGpuInstance_t *gpuInstance) {
    ENTER_DEVICE("nvmlDeviceGetGpuInstanceById", device);
    PHYSICAL_ONLY(device);
    MIG_CAPABLE(device);
    if (!device->gpu->migMode) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    PRIVILEGED;
    if (gpuInstance == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    for (int i = 0; i < MAX_GI; i++) {
        if (device->gpu->gi[i].used && device->gpu->gi[i].id == id) {
            *gpuInstance = &device->gpu->gi[i];
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_NOT_FOUND;
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetInfo(nvmlGpuInstance_t gpuInstance, nvmlGpuInstanceInfo_t *info) {
    COUNT("nvmlGpuInstanceGetInfo");
    if (initCount == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (!valid_gi(gpuInstance) || info == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    int rc = injected("nvmlGpuInstanceGetInfo", gpuInstance->gpu->index);
    if (rc != 0) {
        return rc;
    }
    info->device = &gpuInstance->gpu->handle;
    info->id = gpuInstance->id;
    info->profileId = (unsigned int) gpuInstance->profile->id;
    info->placement.start = gpuInstance->start;
    info->placement.size = (unsigned int) gpuInstance->profile->size;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetComputeInstanceProfileInfo(nvmlGpuInstance_t gpuInstance, unsigned int profile,
                                                                 unsigned int engProfile,
                                                                 nvmlComputeInstanceProfileInfo_t *info) {
    COUNT("nvmlGpuInstanceGetComputeInstanceProfileInfo");
    if (initCount == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (!valid_gi(gpuInstance) || info == NULL || engProfile != 0
        || profile >= NVML_COMPUTE_INSTANCE_PROFILE_COUNT) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    int rc = injected("nvmlGpuInstanceGetComputeInstanceProfileInfo", gpuInstance->gpu->index);
    if (rc != 0) {
        return rc;
    }
    if (!ci_supported(gpuInstance, (int) profile)) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    const sim_profile *p = gpuInstance->profile;
    unsigned int slices = (unsigned int) CI_SLICES[profile];
    memset(info, 0, sizeof(*info));
    info->id = profile;
    info->sliceCount = slices;
    info->instanceCount = (unsigned int) p->slices / slices;
    info->multiprocessorCount = (unsigned int) p->sms / (unsigned int) p->slices * slices;
    info->sharedCopyEngineCount = (unsigned int) p->ce;
    info->sharedDecoderCount = (unsigned int) p->dec;
    info->sharedEncoderCount = (unsigned int) p->enc;
    info->sharedJpegCount = (unsigned int) p->jpg;
    info->sharedOfaCount = (unsigned int) p->ofa;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlGpuInstanceCreateComputeInstance(nvmlGpuInstance_t gpuInstance, unsigned int profileId,
                                                         nvmlComputeInstance_t *computeInstance) {
    COUNT("nvmlGpuInstanceCreateComputeInstance");
    if (initCount == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (!valid_gi(gpuInstance) || computeInstance == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    sim_gpu *g = gpuInstance->gpu;
    int rc = injected("nvmlGpuInstanceCreateComputeInstance", g->index);
    sim_ci *ci = NULL;
    if (rc == 0) {
        if (g->lost) {
            rc = NVML_ERROR_GPU_IS_LOST;
        } else if (!rootPermission) {
            rc = NVML_ERROR_NO_PERMISSION;
        } else {
            pthread_mutex_lock(&lock);
            rc = create_ci(gpuInstance, (int) profileId, &ci);
            pthread_mutex_unlock(&lock);
            if (rc == NVML_SUCCESS) {
                *computeInstance = ci;
            }
        }
    }
    trace("nvmlGpuInstanceCreateComputeInstance gpu=%d gi=%u profileId=%u rc=%d", g->index, gpuInstance->id,
          profileId, rc);
    return rc;
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetComputeInstances(nvmlGpuInstance_t gpuInstance, unsigned int profileId,
                                                       nvmlComputeInstance_t *computeInstances, unsigned int *count) {
    COUNT("nvmlGpuInstanceGetComputeInstances");
    if (initCount == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (!valid_gi(gpuInstance) || computeInstances == NULL || count == NULL
        || profileId >= NVML_COMPUTE_INSTANCE_PROFILE_COUNT) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    int rc = injected("nvmlGpuInstanceGetComputeInstances", gpuInstance->gpu->index);
    if (rc != 0) {
        return rc;
    }
    if (!rootPermission) {
        return NVML_ERROR_NO_PERMISSION;
    }
    unsigned int n = 0;
    for (int i = 0; i < MAX_CI; i++) {
        if (gpuInstance->ci[i].used && gpuInstance->ci[i].profileIndex == (int) profileId) {
            computeInstances[n++] = &gpuInstance->ci[i];
        }
    }
    *count = n;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlComputeInstanceDestroy(nvmlComputeInstance_t computeInstance) {
    COUNT("nvmlComputeInstanceDestroy");
    if (initCount == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (!valid_ci(computeInstance)) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    sim_gpu *g = computeInstance->gi->gpu;
    int rc = injected("nvmlComputeInstanceDestroy", g->index);
    if (rc == 0) {
        if (g->lost) {
            rc = NVML_ERROR_GPU_IS_LOST;
        } else if (!rootPermission) {
            rc = NVML_ERROR_NO_PERMISSION;
        } else if (processes_on(g, computeInstance->gi->id, computeInstance->id) > 0) {
            rc = NVML_ERROR_IN_USE;
        } else {
            computeInstance->used = 0;
        }
    }
    trace("nvmlComputeInstanceDestroy gpu=%d gi=%u ci=%u rc=%d", g->index, computeInstance->gi->id,
          computeInstance->id, rc);
    return rc;
}

EXPORT nvmlReturn_t nvmlComputeInstanceGetInfo_v2(nvmlComputeInstance_t computeInstance,
                                                  nvmlComputeInstanceInfo_t *info) {
    COUNT("nvmlComputeInstanceGetInfo_v2");
    if (initCount == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (!valid_ci(computeInstance) || info == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    int rc = injected("nvmlComputeInstanceGetInfo_v2", computeInstance->gi->gpu->index);
    if (rc != 0) {
        return rc;
    }
    info->device = &computeInstance->gi->gpu->handle;
    info->gpuInstance = computeInstance->gi;
    info->id = computeInstance->id;
    info->profileId = (unsigned int) computeInstance->profileIndex;
    info->placement.start = computeInstance->start;
    info->placement.size = computeInstance->size;
    return NVML_SUCCESS;
}

/* MIG devices, in (GPU instance id, compute instance id) order. */
static sim_ci *mig_device_at(sim_gpu *g, unsigned int index) {
    unsigned int k = 0;
    for (unsigned int giId = 0; giId < 64; giId++) {
        for (int i = 0; i < MAX_GI; i++) {
            sim_gi *gi = &g->gi[i];
            if (!gi->used || gi->id != giId) {
                continue;
            }
            for (unsigned int ciId = 0; ciId < 16; ciId++) {
                for (int c = 0; c < MAX_CI; c++) {
                    if (gi->ci[c].used && gi->ci[c].id == ciId) {
                        if (k == index) {
                            return &gi->ci[c];
                        }
                        k++;
                    }
                }
            }
        }
    }
    return NULL;
}

EXPORT nvmlReturn_t nvmlDeviceGetMaxMigDeviceCount(nvmlDevice_t device, unsigned int *count) {
    ENTER_DEVICE("nvmlDeviceGetMaxMigDeviceCount", device);
    PHYSICAL_ONLY(device);
    if (count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *count = device->gpu->migCapable ? (unsigned int) device->gpu->model->computeSlices : 0;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMigDeviceHandleByIndex(nvmlDevice_t device, unsigned int index,
                                                        nvmlDevice_t *migDevice) {
    ENTER_DEVICE("nvmlDeviceGetMigDeviceHandleByIndex", device);
    PHYSICAL_ONLY(device);
    MIG_CAPABLE(device);
    if (migDevice == NULL || index >= (unsigned int) device->gpu->model->computeSlices) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (!device->gpu->migMode) {
        return NVML_ERROR_NOT_FOUND;
    }
    sim_ci *ci = mig_device_at(device->gpu, index);
    if (ci == NULL) {
        return NVML_ERROR_NOT_FOUND;
    }
    *migDevice = &ci->handle;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceIsMigDeviceHandle(nvmlDevice_t device, unsigned int *isMigDevice) {
    ENTER_DEVICE("nvmlDeviceIsMigDeviceHandle", device);
    if (isMigDevice == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *isMigDevice = (unsigned int) device->isMig;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetGpuInstanceId(nvmlDevice_t device, unsigned int *id) {
    ENTER_DEVICE("nvmlDeviceGetGpuInstanceId", device);
    if (id == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (!device->isMig) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *id = device->ci->gi->id;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetComputeInstanceId(nvmlDevice_t device, unsigned int *id) {
    ENTER_DEVICE("nvmlDeviceGetComputeInstanceId", device);
    if (id == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (!device->isMig) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *id = device->ci->id;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetDeviceHandleFromMigDeviceHandle(nvmlDevice_t migDevice, nvmlDevice_t *device) {
    ENTER_DEVICE("nvmlDeviceGetDeviceHandleFromMigDeviceHandle", migDevice);
    if (device == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (!migDevice->isMig) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *device = &migDevice->gpu->handle;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetAttributes_v2(nvmlDevice_t device, nvmlDeviceAttributes_t *attributes) {
    ENTER_DEVICE("nvmlDeviceGetAttributes_v2", device);
    if (attributes == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (!device->isMig) {
        return NVML_ERROR_NOT_SUPPORTED; /* "currently only supports MIG device handles" */
    }
    const sim_ci *ci = device->ci;
    const sim_profile *p = ci->gi->profile;
    memset(attributes, 0, sizeof(*attributes));
    attributes->multiprocessorCount = (unsigned int) p->sms / (unsigned int) p->slices * ci->size;
    attributes->sharedCopyEngineCount = (unsigned int) p->ce;
    attributes->sharedDecoderCount = (unsigned int) p->dec;
    attributes->sharedEncoderCount = (unsigned int) p->enc;
    attributes->sharedJpegCount = (unsigned int) p->jpg;
    attributes->sharedOfaCount = (unsigned int) p->ofa;
    attributes->gpuInstanceSliceCount = (unsigned int) p->slices;
    attributes->computeInstanceSliceCount = ci->size;
    attributes->memorySizeMB = p->memMb;
    return NVML_SUCCESS;
}

#endif /* SIM_LEGACY */
