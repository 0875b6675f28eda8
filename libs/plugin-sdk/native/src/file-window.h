#pragma once
#include <napi.h>

namespace stemflow {
// Adds reserveWindow / mapWindow / releaseWindow to the addon's exports.
void registerFileWindow(Napi::Env env, Napi::Object exports);
}
