// N-API glue: checks the arguments, picks the kernel build for this CPU once, and calls it on
// the typed arrays' memory in place (no copies).
#include <napi.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "file-window.h"
#include "kernels.h"

namespace stemflow {
namespace {

// The builds this CPU can run, widest first.
int supportedKernels(const Kernels** out) {
  int n = 0;
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl"))
    out[n++] = &kernels_avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi2"))
    out[n++] = &kernels_avx2;
#endif
  out[n++] = &kernels_baseline;
  return n;
}

const Kernels* findKernels(const char* isa) {
  const Kernels* all[3];
  const int n = supportedKernels(all);
  for (int i = 0; i < n; i++)
    if (isa && std::strcmp(all[i]->isa, isa) == 0) return all[i];
  return isa ? nullptr : all[0];
}

// The widest build, unless STEMFLOW_KERNEL_ISA=avx512|avx2|baseline names another this CPU runs.
const Kernels* chooseKernels() {
  const Kernels* forced = findKernels(std::getenv("STEMFLOW_KERNEL_ISA"));
  return forced ? forced : findKernels(nullptr);
}

const Kernels* K = chooseKernels();

// supportedIsas() → ["avx512", "avx2", "baseline"] (what this CPU runs, widest first)
Napi::Value SupportedIsas(const Napi::CallbackInfo& info) {
  const Kernels* all[3];
  const int n = supportedKernels(all);
  Napi::Array names = Napi::Array::New(info.Env(), n);
  for (int i = 0; i < n; i++) names.Set(i, Napi::String::New(info.Env(), all[i]->isa));
  return names;
}

// useIsa(name) → the build now in use. For tests, which check every build this CPU runs; it
// switches the whole process, so never call it while kernels run on other threads.
Napi::Value UseIsa(const Napi::CallbackInfo& info) {
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  const Kernels* chosen = findKernels(name.c_str());
  if (!chosen) {
    Napi::Error::New(info.Env(), "this CPU cannot run the " + name + " kernels").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  K = chosen;
  return Napi::String::New(info.Env(), K->isa);
}

// Arguments are validated by the TypeScript wrapper; these checks keep a wrong call from
// touching memory outside the arrays.
struct Array {
  void* data;
  size_t length;
  DType dtype;
};

bool toArray(const Napi::Value& value, Array& out) {
  if (!value.IsTypedArray()) return false;
  Napi::TypedArray array = value.As<Napi::TypedArray>();
  switch (array.TypedArrayType()) {
    case napi_uint8_array: out.dtype = U8; break;
    case napi_int8_array: out.dtype = I8; break;
    case napi_uint16_array: out.dtype = U16; break;
    case napi_int16_array: out.dtype = I16; break;
    case napi_uint32_array: out.dtype = U32; break;
    case napi_int32_array: out.dtype = I32; break;
    case napi_float32_array: out.dtype = F32; break;
    case napi_float64_array: out.dtype = F64; break;
    default: return false;
  }
  out.data = static_cast<uint8_t*>(array.ArrayBuffer().Data()) + array.ByteOffset();
  out.length = array.ElementLength();
  return true;
}

Napi::Value fail(const Napi::CallbackInfo& info, const char* message) {
  Napi::TypeError::New(info.Env(), message).ThrowAsJavaScriptException();
  return info.Env().Undefined();
}

int64_t intArg(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int64Value(); }

bool isFloat(const Array& a) { return a.dtype == F32 || a.dtype == F64; }

// sumFrames(data, depth, size, out)
Napi::Value SumFrames(const Napi::CallbackInfo& info) {
  Array data, out;
  if (!toArray(info[0], data) || !toArray(info[3], out) || !isFloat(out)) return fail(info, "sumFrames: bad arrays");
  const int64_t depth = intArg(info, 1), size = intArg(info, 2);
  if (depth < 0 || size < 0 || (size_t)(depth * size) > data.length || (size_t)size > out.length)
    return fail(info, "sumFrames: sizes do not fit the arrays");
  K->sum_frames(data.dtype, data.data, depth, size, out.dtype, out.data);
  return info.Env().Undefined();
}

// sumPerFrame(data, depth, size, out)
Napi::Value SumPerFrame(const Napi::CallbackInfo& info) {
  Array data, out;
  if (!toArray(info[0], data) || !toArray(info[3], out) || !isFloat(out)) return fail(info, "sumPerFrame: bad arrays");
  const int64_t depth = intArg(info, 1), size = intArg(info, 2);
  if (depth < 0 || size < 0 || (size_t)(depth * size) > data.length || (size_t)depth > out.length)
    return fail(info, "sumPerFrame: sizes do not fit the arrays");
  K->sum_per_frame(data.dtype, data.data, depth, size, out.dtype, out.data);
  return info.Env().Undefined();
}

// applyMasks(data, depth, size, masks, count, sigSize, maskOffset, out)
Napi::Value ApplyMasks(const Napi::CallbackInfo& info) {
  Array data, masks, out;
  if (!toArray(info[0], data) || !toArray(info[3], masks) || !isFloat(masks) || !toArray(info[7], out) || out.dtype != F64)
    return fail(info, "applyMasks: bad arrays");
  const int64_t depth = intArg(info, 1), size = intArg(info, 2), count = intArg(info, 4), sigSize = intArg(info, 5),
                offset = intArg(info, 6);
  if (depth < 0 || size < 0 || count < 0 || offset < 0 || (size_t)(depth * size) > data.length ||
      (size_t)(count * sigSize) > masks.length || offset + size > sigSize || (size_t)(depth * count) > out.length)
    return fail(info, "applyMasks: sizes do not fit the arrays");
  K->apply_masks(data.dtype, data.data, depth, size, masks.dtype, masks.data, count, sigSize, offset,
                 static_cast<double*>(out.data));
  return info.Env().Undefined();
}

// applyRuns(data, depth, size, offset, count, runStart, runLength, runWeight, runPtr, stride, rowStart, rows, out)
Napi::Value ApplyRuns(const Napi::CallbackInfo& info) {
  Array data, starts, lengths, weights, runPtr, out;
  if (!toArray(info[0], data) || !toArray(info[5], starts) || starts.dtype != I32 || !toArray(info[6], lengths) ||
      lengths.dtype != I32 || !toArray(info[7], weights) || weights.dtype != F64 || !toArray(info[8], runPtr) ||
      runPtr.dtype != I32 || !toArray(info[12], out) || out.dtype != F64)
    return fail(info, "applyRuns: bad arrays");
  const int64_t depth = intArg(info, 1), size = intArg(info, 2), offset = intArg(info, 3), count = intArg(info, 4),
                stride = intArg(info, 9), rowStart = intArg(info, 10), rows = intArg(info, 11);
  if (depth < 0 || size < 0 || count < 0 || rowStart < 0 || rows < 0 || (size_t)(depth * size) > data.length ||
      (size_t)(count * stride) > runPtr.length || rowStart + rows >= stride || (size_t)(depth * count) > out.length ||
      starts.length != lengths.length || starts.length != weights.length)
    return fail(info, "applyRuns: sizes do not fit the arrays");
  // Every run of the tile's rows must lie inside the tile: this keeps a malformed mask from reading outside the data.
  const int32_t* ptr = static_cast<int32_t*>(runPtr.data);
  const int32_t* st = static_cast<int32_t*>(starts.data);
  const int32_t* ln = static_cast<int32_t*>(lengths.data);
  for (int64_t m = 0; m < count; m++) {
    const int64_t first = ptr[m * stride + rowStart], last = ptr[m * stride + rowStart + rows];
    if (first < 0 || last < first || (size_t)last > starts.length) return fail(info, "applyRuns: bad run offsets");
    for (int64_t k = first; k < last; k++)
      if (st[k] < offset || ln[k] < 0 || st[k] + ln[k] > offset + size) return fail(info, "applyRuns: a run leaves the tile");
  }
  K->apply_runs(data.dtype, data.data, depth, size, offset, count, st, ln, static_cast<double*>(weights.data), ptr, stride,
                rowStart, rows, static_cast<double*>(out.data));
  return info.Env().Undefined();
}

// comMoments(data, depth, rows, width, rowStart, mask, out)
Napi::Value ComMoments(const Napi::CallbackInfo& info) {
  Array data, mask, out;
  if (!toArray(info[0], data) || !toArray(info[5], mask) || !(isFloat(mask) || mask.dtype == U8) || !toArray(info[6], out) || out.dtype != F64)
    return fail(info, "comMoments: bad arrays");
  const int64_t depth = intArg(info, 1), rows = intArg(info, 2), width = intArg(info, 3), rowStart = intArg(info, 4);
  if (depth < 0 || rows < 0 || width < 0 || rowStart < 0 || (size_t)(depth * rows * width) > data.length ||
      (size_t)((rowStart + rows) * width) > mask.length || (size_t)(depth * 3) > out.length)
    return fail(info, "comMoments: sizes do not fit the arrays");
  K->com_moments(data.dtype, data.data, depth, rows, width, rowStart, mask.dtype, mask.data, static_cast<double*>(out.data));
  return info.Env().Undefined();
}

// welfordTile(data, depth, size, n0, sum, varsum)
Napi::Value WelfordTile(const Napi::CallbackInfo& info) {
  Array data, sum, varsum;
  if (!toArray(info[0], data) || !toArray(info[4], sum) || sum.dtype != F64 || !toArray(info[5], varsum) || varsum.dtype != F64)
    return fail(info, "welfordTile: bad arrays");
  const int64_t depth = intArg(info, 1), size = intArg(info, 2);
  const double n0 = info[3].As<Napi::Number>().DoubleValue();
  if (depth <= 0 || size < 0 || n0 < 0 || (size_t)(depth * size) > data.length || (size_t)size > sum.length ||
      (size_t)size > varsum.length)
    return fail(info, "welfordTile: sizes do not fit the arrays");
  K->welford_tile(data.dtype, data.data, depth, size, n0, static_cast<double*>(sum.data), static_cast<double*>(varsum.data));
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("isa", Napi::String::New(env, K->isa));
  exports.Set("supportedIsas", Napi::Function::New(env, SupportedIsas));
  exports.Set("useIsa", Napi::Function::New(env, UseIsa));
  exports.Set("sumFrames", Napi::Function::New(env, SumFrames));
  exports.Set("sumPerFrame", Napi::Function::New(env, SumPerFrame));
  exports.Set("applyMasks", Napi::Function::New(env, ApplyMasks));
  exports.Set("applyRuns", Napi::Function::New(env, ApplyRuns));
  exports.Set("comMoments", Napi::Function::New(env, ComMoments));
  exports.Set("welfordTile", Napi::Function::New(env, WelfordTile));
  registerFileWindow(env, exports);
  return exports;
}

}  // namespace
}  // namespace stemflow

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return stemflow::Init(env, exports); }

NODE_API_MODULE(stemflow_kernels, InitModule)
