module.exports = [
  { name: 'server', target: 'node', entry: './server.js' },
  { name: 'client', entry: './client.js', devServer: { port: '8081' } },
];
