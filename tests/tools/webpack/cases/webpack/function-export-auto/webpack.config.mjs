export default (env, argv) => ({
  mode: argv.mode,
  devServer: { port: 'auto', proxy: [{ context: ['/graphql'], target: 'http://127.0.0.1:4000' }] },
});
