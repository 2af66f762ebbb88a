export default defineNuxtConfig({
  modules: ['@nuxt/ui'],
})
