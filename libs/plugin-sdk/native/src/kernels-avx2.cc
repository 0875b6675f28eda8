// The kernels for x86-64-v3 CPUs (AVX2 + FMA), chosen at load time when the CPU has them.
#if defined(__x86_64__)
#pragma GCC target("avx2,fma,bmi,bmi2,popcnt,f16c,lzcnt,movbe")
#define KERNEL_NAMESPACE isa_avx2
#define KERNEL_TABLE kernels_avx2
#define KERNEL_ISA "avx2"
#include "kernels-impl.h"
#endif
