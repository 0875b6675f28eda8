// The kernel table shared by the N-API glue and the per-instruction-set builds.
#pragma once
#include <cstdint>

namespace stemflow {

// Element types, in the order of typedArrayTypes in addon.cc.
enum DType : int { U8 = 0, I8, U16, I16, U32, I32, F32, F64 };

struct Kernels {
  const char* isa;
  // out[p] += Σ_f data[f·size + p]            (out: F32 or F64)
  void (*sum_frames)(DType dt, const void* data, int64_t depth, int64_t size, DType odt, void* out);
  // out[f] += Σ_p data[f·size + p]            (out: F32 or F64)
  void (*sum_per_frame)(DType dt, const void* data, int64_t depth, int64_t size, DType odt, void* out);
  // out[f·count + m] += Σ_p data[f·size + p] · masks[m·sigSize + maskOffset + p]   (masks: F32 or F64)
  void (*apply_masks)(DType dt, const void* data, int64_t depth, int64_t size, DType mdt, const void* masks,
                      int64_t count, int64_t sigSize, int64_t maskOffset, double* out);
  // Sparse masks as runs of equal weights over the tile's rows; see sparse-masks.ts for the layout.
  void (*apply_runs)(DType dt, const void* data, int64_t depth, int64_t size, int64_t offset, int64_t count,
                     const int32_t* runStart, const int32_t* runLength, const double* runWeight, const int32_t* runPtr,
                     int64_t stride, int64_t rowStart, int64_t rows, double* out);
  // out[f·3 + {0,1,2}] += Σ m·I, Σ m·I·y, Σ m·I·x over the tile's rows (mask: U8 0/1, F32 or F64).
  void (*com_moments)(DType dt, const void* data, int64_t depth, int64_t rows, int64_t width, int64_t rowStart,
                      DType mdt, const void* mask, double* out);
  // Fold the tile's frames into running (n0, sum, varsum) per pixel.
  void (*welford_tile)(DType dt, const void* data, int64_t depth, int64_t size, double n0, double* sum, double* varsum);
};

extern const Kernels kernels_baseline;
#if defined(__x86_64__)
extern const Kernels kernels_avx2;
extern const Kernels kernels_avx512;
#endif

}  // namespace stemflow
