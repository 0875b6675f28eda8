import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const host = 'http://127.0.0.1:8765';

// The host serves the built app at `/`; relative asset URLs let it live under any path.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // One bundle (~770 kB, mostly rjsf and ajv) served from the local host; no need to split.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      // changeOrigin: the host refuses foreign Host headers (DNS rebinding); add
      // "allowedOrigins": ["http://localhost:5173"] to <home>/config.json for the dev server's Origin.
      '/api': { target: host, ws: true, changeOrigin: true },
    },
  },
});
