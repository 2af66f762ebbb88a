import { defineConfig, type UserConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  server: {
    host: true,
    port: 3000,
    strictPort: true,
    proxy: {
      '/api': {
        target: 'http://localhost:5000',
        changeOrigin: true,
        rewrite: (path) => path.replace(/^\/api/, ''),
      },
      '/socket.io': { target: 'ws://127.0.0.1:5001', ws: true },
      '/auth': 'http://[::1]:8000',
      '^/fallback/.*': 'https://example.com',
    },
  },
} satisfies UserConfig)
