import { defineConfig } from 'astro/config';
export default defineConfig({ server: ({ command }) => ({ port: command === 'dev' ? 4321 : 4000 }), vite: {} });
