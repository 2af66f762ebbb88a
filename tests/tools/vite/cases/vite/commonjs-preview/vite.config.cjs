const config = {
  preview: {
    port: '4000',
    strictPort: false,
  },
}

module.exports = config
