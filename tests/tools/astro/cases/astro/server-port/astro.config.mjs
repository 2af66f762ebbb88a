// @ts-check
import { defineConfig } from 'astro/config';

export default defineConfig({
  server: { port: 4400 },
});
