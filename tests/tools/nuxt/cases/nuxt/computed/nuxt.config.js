export default defineNuxtConfig({ devServer: { port: Number(process.env.WEB_PORT) } })
