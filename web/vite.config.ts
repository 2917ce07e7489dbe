import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3030'

/** The dashboard: built into web/dist, which the gateway serves at /. `npx vite web` proxies the API to a running gateway. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    // The dashboard imports a few pure modules of the gateway's domain (src/domain).
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: {
      '/api': gateway,
      '/socket.io': { target: gateway, ws: true },
      '/docs': gateway,
      '/metrics': gateway,
    },
  },
})
