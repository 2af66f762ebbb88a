export default {
  server: { port: 'abc', strictPort: 'yes', host: 42 },
  preview: { port: 70000 },
}
