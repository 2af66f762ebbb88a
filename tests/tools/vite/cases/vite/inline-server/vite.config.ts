export default { server: { open: true }, build: { outDir: 'dist' } }
