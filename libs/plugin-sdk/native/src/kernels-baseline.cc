// The kernels for any CPU the compiler targets by default (SSE2 on x86-64, NEON on arm64).
#define KERNEL_NAMESPACE isa_baseline
#define KERNEL_TABLE kernels_baseline
#define KERNEL_ISA "baseline"
#include "kernels-impl.h"
