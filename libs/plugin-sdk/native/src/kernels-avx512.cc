// The kernels for x86-64-v4 CPUs (AVX-512 F/BW/DQ/VL), with 512-bit vectors preferred.
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,bmi,bmi2,popcnt,f16c,lzcnt,movbe,prefer-vector-width=512")
#define KERNEL_NAMESPACE isa_avx512
#define KERNEL_TABLE kernels_avx512
#define KERNEL_ISA "avx512"
#include "kernels-impl.h"
#endif
