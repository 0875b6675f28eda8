{
  "targets": [
    {
      "target_name": "stemflow_kernels",
      "sources": ["src/addon.cc", "src/file-window.cc", "src/kernels-baseline.cc", "src/kernels-avx2.cc", "src/kernels-avx512.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-O2", "-O3", "-Os"],
      "cflags_cc": [
        "-O3",
        "-std=c++17",
        "-fno-math-errno",
        "-fno-trapping-math",
        "-fno-signed-zeros",
        "-fassociative-math"
      ]
    }
  ]
}
