// The kernel bodies, compiled once per instruction set (kernels-<isa>.cc sets the target and
// the namespace). Plain loops written so that GCC vectorises them; no standard-library calls,
// so no inline function compiled for one instruction set can be picked by the linker for another.
#include <stdint.h>

#include "kernels.h"

namespace stemflow {
namespace KERNEL_NAMESPACE {

template <class A, class B>
static inline A min_of(A a, B b) { return a < (A)b ? a : (A)b; }

// Mapped file pages are scattered 4 KiB pages: the hardware prefetcher stops at each page
// boundary, so streaming kernels ask for the lines `PREFETCH_AHEAD` bytes ahead themselves.
static const int64_t PREFETCH_AHEAD = 8192;

static inline void prefetch_lines(const void* from, int64_t bytes) {
  const char* p = (const char*)from;
  for (int64_t i = 0; i < bytes; i += 64) __builtin_prefetch(p + i, 0, 3);
}

// Pixels per block: the block's accumulators and mask rows stay in L1/L2 while frames stream by.
static const int64_t CHUNK = 4096;

// Exact accumulation of a few frames per pixel: narrow integers add in 32 bits (no overflow
// within `frames_per_group` frames), everything else in double (or 64-bit for 32-bit integers).
template <class T> struct Wide { typedef double type; static const int64_t frames_per_group = 1LL << 40; };
template <> struct Wide<uint8_t> { typedef uint32_t type; static const int64_t frames_per_group = 1LL << 24; };
template <> struct Wide<int8_t> { typedef int32_t type; static const int64_t frames_per_group = 1LL << 24; };
template <> struct Wide<uint16_t> { typedef uint32_t type; static const int64_t frames_per_group = 1LL << 16; };
template <> struct Wide<int16_t> { typedef int32_t type; static const int64_t frames_per_group = 1LL << 16; };
template <> struct Wide<uint32_t> { typedef uint64_t type; static const int64_t frames_per_group = 1LL << 31; };
template <> struct Wide<int32_t> { typedef int64_t type; static const int64_t frames_per_group = 1LL << 31; };

template <class T, class O>
static void sum_frames_t(const T* data, int64_t depth, int64_t size, O* out) {
  typedef typename Wide<T>::type W;
  W acc[CHUNK];
  for (int64_t c = 0; c < size; c += CHUNK) {
    const int64_t n = min_of(CHUNK, size - c);
    for (int64_t f0 = 0; f0 < depth; f0 += Wide<T>::frames_per_group) {
      const int64_t f1 = min_of(depth, f0 + Wide<T>::frames_per_group);
      for (int64_t p = 0; p < n; p++) acc[p] = 0;
      int64_t f = f0;
      // Four frames per pass: one load and store of the accumulator per four frames.
      for (; f + 4 <= f1; f += 4) {
        const T* r0 = data + f * size + c;
        const T* r1 = r0 + size;
        const T* r2 = r1 + size;
        const T* r3 = r2 + size;
        for (int64_t p = 0; p < n; p++) acc[p] += ((W)r0[p] + (W)r1[p]) + ((W)r2[p] + (W)r3[p]);
      }
      for (; f < f1; f++) {
        const T* row = data + f * size + c;
        for (int64_t p = 0; p < n; p++) acc[p] += (W)row[p];
      }
      O* o = out + c;
      for (int64_t p = 0; p < n; p++) o[p] += (O)acc[p];
    }
  }
}

// Σ data[0..n): integers exactly (32-bit partial sums of at most 65536 narrow values, then 64-bit),
// floats in double with independent partial sums (the compiler vectorises the reduction).
template <class T>
static double sum_range_t(const T* data, int64_t n) {
  typedef typename Wide<T>::type W;
  if (sizeof(T) <= 2) {
    int64_t total = 0;
    for (int64_t s = 0; s < n; s += 65536) {
      const int64_t e = min_of(n, s + 65536);
      W acc = 0;
      for (int64_t p = s; p < e; p++) acc += (W)data[p];
      total += (int64_t)acc;
    }
    return (double)total;
  }
  W acc = 0;
  for (int64_t p = 0; p < n; p++) acc += (W)data[p];
  return (double)acc;
}

template <class T, class O>
static void sum_per_frame_t(const T* data, int64_t depth, int64_t size, O* out) {
  for (int64_t f = 0; f < depth; f++) out[f] += (O)sum_range_t(data + f * size, size);
}

// Dense mask stack. A block of BLOCK pixels of four frames is converted to the compute type C once,
// then two masks × four frames run over it together from L1 (eight independent sums, six loads per
// eight multiply-adds); each block's sums are added to the float64 results.
// C is float for float32 masks on 8/16-bit integer data, double otherwise. The float path is exact
// for weights of at most 8 significant bits (0/1 masks; the caller passes other weights as
// float64): every product fits 24 bits and a block of 256 values of at most 65535 sums below 2^24.
template <class T, class M> struct Compute { typedef double type; };
template <> struct Compute<uint8_t, float> { typedef float type; };
template <> struct Compute<int8_t, float> { typedef float type; };
template <> struct Compute<uint16_t, float> { typedef float type; };
template <> struct Compute<int16_t, float> { typedef float type; };

static const int64_t MASK_BLOCK = 256;

// Four masks × four frames over one block: sixteen independent sums, eight loads per sixteen
// multiply-adds. `o[f·stride + m]` receives frame f, mask m of the group.
template <class C, class M>
static inline void dot_4x4(const C (*conv)[MASK_BLOCK], const M* const* w, int64_t n, double* o, int64_t stride) {
  C a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
  C a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
  const M *w0 = w[0], *w1 = w[1], *w2 = w[2], *w3 = w[3];
  for (int64_t p = 0; p < n; p++) {
    const C m0 = (C)w0[p], m1 = (C)w1[p], m2 = (C)w2[p], m3 = (C)w3[p];
    const C d0 = conv[0][p], d1 = conv[1][p], d2 = conv[2][p], d3 = conv[3][p];
    a00 += d0 * m0; a01 += d0 * m1; a02 += d0 * m2; a03 += d0 * m3;
    a10 += d1 * m0; a11 += d1 * m1; a12 += d1 * m2; a13 += d1 * m3;
    a20 += d2 * m0; a21 += d2 * m1; a22 += d2 * m2; a23 += d2 * m3;
    a30 += d3 * m0; a31 += d3 * m1; a32 += d3 * m2; a33 += d3 * m3;
  }
  double* r0 = o;
  double* r1 = o + stride;
  double* r2 = o + 2 * stride;
  double* r3 = o + 3 * stride;
  r0[0] += (double)a00; r0[1] += (double)a01; r0[2] += (double)a02; r0[3] += (double)a03;
  r1[0] += (double)a10; r1[1] += (double)a11; r1[2] += (double)a12; r1[3] += (double)a13;
  r2[0] += (double)a20; r2[1] += (double)a21; r2[2] += (double)a22; r2[3] += (double)a23;
  r3[0] += (double)a30; r3[1] += (double)a31; r3[2] += (double)a32; r3[3] += (double)a33;
}

template <class T, class M>
static void apply_masks_t(const T* data, int64_t depth, int64_t size, const M* masks, int64_t count, int64_t sigSize,
                          int64_t maskOffset, double* out) {
  typedef typename Compute<T, M>::type C;
  static const int64_t FRAMES = 4;
  // Pixels per span: all masks' weights of a span (16 masks × 4096 × 4 B = 256 KiB) stay in L2
  // while every frame of the tile passes, so masks are read from memory once per tile.
  static const int64_t SPAN = 4096;
  C conv[FRAMES][MASK_BLOCK];
  double spare[FRAMES * 4];
  for (int64_t s0 = 0; s0 < size; s0 += SPAN) {
    const int64_t s1 = min_of(size, s0 + SPAN);
    for (int64_t f0 = 0; f0 < depth; f0 += FRAMES) {
      const int64_t nf = min_of(FRAMES, depth - f0);
      double* o = out + f0 * count;
      for (int64_t c = s0; c < s1; c += MASK_BLOCK) {
        const int64_t n = min_of(MASK_BLOCK, s1 - c);
        for (int64_t f = 0; f < FRAMES; f++) {
          if (f < nf) {
            const T* row = data + (f0 + f) * size + c;
            for (int64_t p = 0; p < n; p++) conv[f][p] = (C)row[p];
          } else {
            for (int64_t p = 0; p < n; p++) conv[f][p] = 0;  // absent frames: their sums go to `spare`
          }
        }
        const M* w = masks + maskOffset + c;
        for (int64_t m = 0; m < count; m += 4) {
          const int64_t nm = min_of((int64_t)4, count - m);
          // Missing masks of a last partial group repeat the group's first mask; their sums are dropped.
          const M* group[4];
          for (int64_t k = 0; k < 4; k++) group[k] = w + (m + (k < nm ? k : 0)) * sigSize;
          if (nf == FRAMES && nm == 4) {
            dot_4x4(conv, group, n, o + m, count);
          } else {
            for (int64_t i = 0; i < FRAMES * 4; i++) spare[i] = 0;
            dot_4x4(conv, group, n, spare, 4);
            for (int64_t f = 0; f < nf; f++)
              for (int64_t k = 0; k < nm; k++) o[f * count + m + k] += spare[f * 4 + k];
          }
        }
      }
    }
  }
}

// Σ of one run (at most one row, so at most 65536 values: 32-bit sums of narrow integers are
// exact); a plain loop without sum_range_t's blocking, which costs more than a short run.
template <class T>
static inline double sum_run_t(const T* p, int64_t n) {
  typedef typename Wide<T>::type W;
  if (n > 65536) return sum_range_t(p, n);
  W acc = 0;
  for (int64_t k = 0; k < n; k++) acc += (W)p[k];
  return (double)acc;
}

// Sparse masks as runs: mask m's entries in rows [rowStart, rowStart + rows) are the runs
// [runPtr[m·stride + rowStart], runPtr[m·stride + rowStart + rows]); run k covers `runLength[k]`
// consecutive pixels from flat index `runStart[k]` with one weight. Each run is summed exactly
// (sum_range_t) and then weighted, so 0/1 masks on integer data are exact integer sums.
template <class T>
static void apply_runs_t(const T* data, int64_t depth, int64_t size, int64_t offset, int64_t count,
                         const int32_t* runStart, const int32_t* runLength, const double* runWeight,
                         const int32_t* runPtr, int64_t stride, int64_t rowStart, int64_t rows, double* out) {
  for (int64_t f = 0; f < depth; f++) {
    const T* frame = data + f * size - offset;
    for (int64_t m = 0; m < count; m++) {
      const int64_t start = runPtr[m * stride + rowStart];
      const int64_t end = runPtr[m * stride + rowStart + rows];
      double a = 0;
      for (int64_t k = start; k < end; k++) a += sum_run_t(frame + runStart[k], runLength[k]) * runWeight[k];
      out[f * count + m] += a;
    }
  }
}

// Σ m·I per row (y-weighted once per row) and per column (x-weighted once per frame), so the
// per-pixel work is one multiply and two adds. Accumulator A: 32-bit integers for narrow integer
// data with a 0/1 uint8 mask (exact and twice as wide per vector), otherwise double (exact for
// integer data and binary masks up to 2^53).
// v = I·m. For integer accumulators the mask is 0/1 bytes: a bitwise AND with 0 or all-ones is
// cheaper than a 32-bit multiply.
template <class A> struct Weigh {
  template <class T, class M> static inline A apply(T value, M weight) { return (A)value * (A)weight; }
};
template <> struct Weigh<uint32_t> {
  template <class T, class M> static inline uint32_t apply(T value, M weight) { return (uint32_t)value & (0u - (uint32_t)weight); }
};
template <> struct Weigh<int32_t> {
  template <class T, class M> static inline int32_t apply(T value, M weight) { return (int32_t)value & (0 - (int32_t)weight); }
};

template <class T, class M, class A>
static void com_frames(const T* data, int64_t depth, int64_t rows, int64_t width, int64_t rowStart, const M* mask,
                       double* out, A* col) {
  for (int64_t f = 0; f < depth; f++) {
    const T* frame = data + f * rows * width;
    double total = 0, ySum = 0, xSum = 0;
    for (int64_t x = 0; x < width; x++) col[x] = 0;
    for (int64_t r = 0; r < rows; r++) {
      const T* row = frame + r * width;
      const M* w = mask + (rowStart + r) * width;
      A rowTotal = 0;
      for (int64_t x = 0; x < width; x++) {
        const A v = Weigh<A>::apply(row[x], w[x]);
        rowTotal += v;
        col[x] += v;
      }
      total += (double)rowTotal;
      ySum += (double)rowTotal * (double)(rowStart + r);
    }
    for (int64_t x = 0; x < width; x++) xSum += (double)col[x] * (double)x;
    out[f * 3] += total;
    out[f * 3 + 1] += ySum;
    out[f * 3 + 2] += xSum;
  }
}

template <class T, class M, class A>
static void com_with(const T* data, int64_t depth, int64_t rows, int64_t width, int64_t rowStart, const M* mask,
                     double* out) {
  if (width <= 8192) {
    A col[8192];
    com_frames(data, depth, rows, width, rowStart, mask, out, col);
  } else {
    A* col = new A[width];
    com_frames(data, depth, rows, width, rowStart, mask, out, col);
    delete[] col;
  }
}

// The integer path without a reduction per row: per column, col[x] = Σ_r v and
// cum[x] = Σ_r col_r[x] = Σ_r v·(rows − r), so Σ_r r·v = rows·Σ col − Σ cum. Only vertical
// 32-bit adds per pixel; rows are taken in blocks of at most 256 so cum stays below 2^32
// (256·257/2 · 65535 < 2^32), and each block is flushed into float64 sums (exact).
// (Walking four frames together, for more memory reads in flight, measured no faster.)
template <class T, class A, int FRAMES, bool FULL>
static void com_group(const T* data, int64_t rows, int64_t width, int64_t rowStart, const uint8_t* mask, double* out,
                      A (*col)[8192], A (*cum)[8192]) {
  static const int64_t ROW_BLOCK = 256;
  const int64_t frameSize = rows * width;
  double total[FRAMES], ySum[FRAMES], xSum[FRAMES];
  for (int k = 0; k < FRAMES; k++) total[k] = ySum[k] = xSum[k] = 0;
  for (int64_t r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
    const int64_t nr = min_of(ROW_BLOCK, rows - r0);
    for (int k = 0; k < FRAMES; k++)
      for (int64_t x = 0; x < width; x++) col[k][x] = cum[k][x] = 0;
    for (int64_t r = r0; r < r0 + nr; r++) {
      const uint8_t* w = mask + (rowStart + r) * width;
      for (int k = 0; k < FRAMES; k++) {
        const T* row = data + k * frameSize + r * width;
        prefetch_lines((const char*)row + PREFETCH_AHEAD, width * (int64_t)sizeof(T));
        A* c = col[k];
        A* u = cum[k];
        if (FULL) {
          for (int64_t x = 0; x < width; x++) {
            c[x] += (A)row[x];
            u[x] += c[x];
          }
        } else {
          for (int64_t x = 0; x < width; x++) {
            c[x] += Weigh<A>::apply(row[x], w[x]);
            u[x] += c[x];
          }
        }
      }
    }
    for (int k = 0; k < FRAMES; k++) {
      double blockTotal = 0, blockCum = 0, blockX = 0;
      for (int64_t x = 0; x < width; x++) {
        blockTotal += (double)col[k][x];
        blockCum += (double)cum[k][x];
        blockX += (double)col[k][x] * (double)x;
      }
      total[k] += blockTotal;
      xSum[k] += blockX;
      // Σ_r (rowStart + r0 + r)·v over the block, r counted from the block's first row.
      ySum[k] += (double)(rowStart + r0) * blockTotal + ((double)nr * blockTotal - blockCum);
    }
  }
  for (int k = 0; k < FRAMES; k++) {
    out[k * 3] += total[k];
    out[k * 3 + 1] += ySum[k];
    out[k * 3 + 2] += xSum[k];
  }
}

template <class T, class A>
static void com_frames_blocked(const T* data, int64_t depth, int64_t rows, int64_t width, int64_t rowStart,
                               const uint8_t* mask, double* out) {
  A col[1][8192], cum[1][8192];
  // A mask of all ones over these rows (the whole detector, or a disk larger than the band) is skipped.
  const uint8_t* band = mask + rowStart * width;
  bool full = true;
  for (int64_t i = 0; i < rows * width; i++) full &= band[i] == 1;
  for (int64_t f = 0; f < depth; f++) {
    if (full) com_group<T, A, 1, true>(data + f * rows * width, rows, width, rowStart, mask, out + f * 3, col, cum);
    else com_group<T, A, 1, false>(data + f * rows * width, rows, width, rowStart, mask, out + f * 3, col, cum);
  }
}

template <class T, class M>
static void com_moments_t(const T* data, int64_t depth, int64_t rows, int64_t width, int64_t rowStart, const M* mask,
                          double* out) {
  const bool narrowInt = sizeof(T) <= 2 && (T)0.5 == 0;
  if (sizeof(M) == 1 && narrowInt && width <= 8192) {
    com_frames_blocked<T, typename Wide<T>::type>(data, depth, rows, width, rowStart, (const uint8_t*)mask, out);
  } else {
    com_with<T, M, double>(data, depth, rows, width, rowStart, mask, out);
  }
}

// The tile's own (n1, s1, v1) per pixel, then Chan's pairwise merge into (n0, sum, varsum), one
// block of pixels at a time so the block's moments stay in L1 while the frames stream by.
// Narrow integers: s1 and Σx² are exact in double, and v1 = (n1·Σx² − s1²)/n1 is exact up to one
// rounding while n1·max and so s1 stay below 2^26; otherwise two passes around the tile mean.
template <class T>
static void welford_tile_t(const T* data, int64_t depth, int64_t size, double n0, double* sum, double* varsum) {
  static const int64_t BLOCK = 512;
  const double n1 = (double)depth;
  const double maxValue = sizeof(T) == 1 ? 255.0 : 65535.0;
  const bool exactMoments = sizeof(T) <= 2 && (T)0.5 == 0 && n1 * maxValue < 67108864.0;
  // Reciprocals once: a division per pixel would cost more than the frames' additions.
  const double inv1 = 1.0 / n1, inv0 = n0 > 0 ? 1.0 / n0 : 0.0, pairWeight = n0 * n1 / (n0 + n1);
  for (int64_t c = 0; c < size; c += BLOCK) {
    const int64_t nb = min_of(BLOCK, size - c);
    double s1[BLOCK], s2[BLOCK];  // local, so the compiler knows they alias nothing
    for (int64_t p = 0; p < nb; p++) s1[p] = 0;
    for (int64_t p = 0; p < nb; p++) s2[p] = 0;
    if (exactMoments) {
      for (int64_t f = 0; f < depth; f++) {
        const T* row = data + f * size + c;
        for (int64_t p = 0; p < nb; p++) {
          const double x = (double)row[p];
          s1[p] += x;
          s2[p] += x * x;
        }
      }
      for (int64_t p = 0; p < nb; p++) s2[p] = (n1 * s2[p] - s1[p] * s1[p]) * inv1;
    } else {
      for (int64_t f = 0; f < depth; f++) {
        const T* row = data + f * size + c;
        for (int64_t p = 0; p < nb; p++) s1[p] += (double)row[p];
      }
      for (int64_t f = 0; f < depth; f++) {
        const T* row = data + f * size + c;
        for (int64_t p = 0; p < nb; p++) {
          const double d = (double)row[p] - s1[p] * inv1;
          s2[p] += d * d;
        }
      }
    }
    double* sm = sum + c;
    double* vs = varsum + c;
    if (n0 == 0) {
      for (int64_t p = 0; p < nb; p++) {
        sm[p] = s1[p];
        vs[p] = s2[p];
      }
    } else {
      for (int64_t p = 0; p < nb; p++) {
        const double delta = s1[p] * inv1 - sm[p] * inv0;
        sm[p] += s1[p];
        vs[p] += s2[p] + pairWeight * delta * delta;
      }
    }
  }
}

// ---- dtype dispatch ----

#define STEMFLOW_DISPATCH(dt, CALL)                                     \
  switch (dt) {                                                         \
    case U8: { typedef uint8_t T; CALL; break; }                        \
    case I8: { typedef int8_t T; CALL; break; }                         \
    case U16: { typedef uint16_t T; CALL; break; }                      \
    case I16: { typedef int16_t T; CALL; break; }                       \
    case U32: { typedef uint32_t T; CALL; break; }                      \
    case I32: { typedef int32_t T; CALL; break; }                       \
    case F32: { typedef float T; CALL; break; }                         \
    case F64: { typedef double T; CALL; break; }                        \
  }

static void sum_frames(DType dt, const void* data, int64_t depth, int64_t size, DType odt, void* out) {
  if (odt == F32) STEMFLOW_DISPATCH(dt, sum_frames_t((const T*)data, depth, size, (float*)out))
  else STEMFLOW_DISPATCH(dt, sum_frames_t((const T*)data, depth, size, (double*)out))
}

static void sum_per_frame(DType dt, const void* data, int64_t depth, int64_t size, DType odt, void* out) {
  if (odt == F32) STEMFLOW_DISPATCH(dt, sum_per_frame_t((const T*)data, depth, size, (float*)out))
  else STEMFLOW_DISPATCH(dt, sum_per_frame_t((const T*)data, depth, size, (double*)out))
}

static void apply_masks(DType dt, const void* data, int64_t depth, int64_t size, DType mdt, const void* masks,
                        int64_t count, int64_t sigSize, int64_t maskOffset, double* out) {
  if (mdt == F32)
    STEMFLOW_DISPATCH(dt, apply_masks_t((const T*)data, depth, size, (const float*)masks, count, sigSize, maskOffset, out))
  else
    STEMFLOW_DISPATCH(dt, apply_masks_t((const T*)data, depth, size, (const double*)masks, count, sigSize, maskOffset, out))
}

static void apply_runs(DType dt, const void* data, int64_t depth, int64_t size, int64_t offset, int64_t count,
                       const int32_t* runStart, const int32_t* runLength, const double* runWeight, const int32_t* runPtr,
                       int64_t stride, int64_t rowStart, int64_t rows, double* out) {
  STEMFLOW_DISPATCH(dt, apply_runs_t((const T*)data, depth, size, offset, count, runStart, runLength, runWeight, runPtr,
                                     stride, rowStart, rows, out))
}

static void com_moments(DType dt, const void* data, int64_t depth, int64_t rows, int64_t width, int64_t rowStart,
                        DType mdt, const void* mask, double* out) {
  if (mdt == U8)
    STEMFLOW_DISPATCH(dt, com_moments_t((const T*)data, depth, rows, width, rowStart, (const uint8_t*)mask, out))
  else if (mdt == F32)
    STEMFLOW_DISPATCH(dt, com_moments_t((const T*)data, depth, rows, width, rowStart, (const float*)mask, out))
  else
    STEMFLOW_DISPATCH(dt, com_moments_t((const T*)data, depth, rows, width, rowStart, (const double*)mask, out))
}

static void welford_tile(DType dt, const void* data, int64_t depth, int64_t size, double n0, double* sum,
                         double* varsum) {
  STEMFLOW_DISPATCH(dt, welford_tile_t((const T*)data, depth, size, n0, sum, varsum))
}

#undef STEMFLOW_DISPATCH

}  // namespace KERNEL_NAMESPACE

extern const Kernels KERNEL_TABLE = {
    KERNEL_ISA,
    KERNEL_NAMESPACE::sum_frames,
    KERNEL_NAMESPACE::sum_per_frame,
    KERNEL_NAMESPACE::apply_masks,
    KERNEL_NAMESPACE::apply_runs,
    KERNEL_NAMESPACE::com_moments,
    KERNEL_NAMESPACE::welford_tile,
};

}  // namespace stemflow
