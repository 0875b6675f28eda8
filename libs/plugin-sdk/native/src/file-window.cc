// A fixed window of address space into which ranges of a file are mapped in turn, so kernels
// read frames straight from the page cache: no copy into a buffer, no new allocation per tile.
// Each mapping replaces the previous one in place (MAP_FIXED), so the JavaScript ArrayBuffer over
// the window stays valid and resident memory stays bounded by the window's size.
#include "file-window.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace stemflow {
namespace {

size_t pageSize() {
  static const size_t size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

// reserveWindow(bytes) → an ArrayBuffer over `bytes` (rounded up to pages) of zero pages.
Napi::Value ReserveWindow(const Napi::CallbackInfo& info) {
  const int64_t requested = info[0].As<Napi::Number>().Int64Value();
  if (requested <= 0) {
    Napi::RangeError::New(info.Env(), "reserveWindow: the size must be positive").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  const size_t bytes = (static_cast<size_t>(requested) + pageSize() - 1) / pageSize() * pageSize();
  void* region = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (region == MAP_FAILED) {
    Napi::Error::New(info.Env(), std::string("reserveWindow: mmap failed: ") + std::strerror(errno)).ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  // Freed when the buffer is collected, or at once by releaseWindow.
  return Napi::ArrayBuffer::New(info.Env(), region, bytes, [](Napi::Env, void* data, size_t* size) {
    munmap(data, *size);
    delete size;
  }, new size_t(bytes));
}

// mapWindow(window, fd, position, length) → where byte `position` of the file now lies in the
// window, or -1 when the range cannot be mapped here (past the end of the file, too long for the
// window, or mmap refused); the caller then reads instead. Private and writable: a kernel that
// writes into its tile changes its own copy, never the file.
Napi::Value MapWindow(const Napi::CallbackInfo& info) {
  Napi::ArrayBuffer window = info[0].As<Napi::ArrayBuffer>();
  const int fd = info[1].As<Napi::Number>().Int32Value();
  const int64_t position = info[2].As<Napi::Number>().Int64Value();
  const int64_t length = info[3].As<Napi::Number>().Int64Value();
  const Napi::Number failed = Napi::Number::New(info.Env(), -1);
  if (window.ByteLength() == 0 || position < 0 || length <= 0) return failed;
  const int64_t start = position / static_cast<int64_t>(pageSize()) * static_cast<int64_t>(pageSize());
  const int64_t delta = position - start;
  if (static_cast<size_t>(delta + length) > window.ByteLength()) return failed;
  struct stat st;
  // Touching a mapped page past the end of the file raises SIGBUS: only map what the file holds.
  if (fstat(fd, &st) != 0 || position + length > st.st_size) return failed;
  void* at = mmap(window.Data(), static_cast<size_t>(delta + length), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED,
                  fd, start);
  if (at == MAP_FAILED) return failed;
  madvise(at, static_cast<size_t>(delta + length), MADV_SEQUENTIAL);
  return Napi::Number::New(info.Env(), static_cast<double>(delta));
}

// releaseWindow(window): drop the file pages now (views then read zeros); the address range
// itself is returned when the buffer is collected.
Napi::Value ReleaseWindow(const Napi::CallbackInfo& info) {
  Napi::ArrayBuffer window = info[0].As<Napi::ArrayBuffer>();
  if (window.ByteLength() == 0) return info.Env().Undefined();
  mmap(window.Data(), window.ByteLength(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
  return info.Env().Undefined();
}

}  // namespace

void registerFileWindow(Napi::Env env, Napi::Object exports) {
  exports.Set("reserveWindow", Napi::Function::New(env, ReserveWindow));
  exports.Set("mapWindow", Napi::Function::New(env, MapWindow));
  exports.Set("releaseWindow", Napi::Function::New(env, ReleaseWindow));
}

}  // namespace stemflow
