import { defineConfig, loadEnv } from 'vite'

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), '')
  return {
    server: {
      port: 8080,
      proxy: { '/api': env.API_URL },
    },
    preview: { port: 8081, host: '0.0.0.0' },
  }
})
