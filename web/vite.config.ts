import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The portal is served by `meshwork serve` from web/dist on the API's own origin, so the
// bundle needs no base URL and no CDN: the CSP allows 'self' only.
export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/api': process.env.MESHWORK_API ?? 'http://127.0.0.1:8080' } },
});
