const API_URL = process.env.API_URL || 'http://localhost:4000';

module.exports = (phase, { defaultConfig }) => ({
  async rewrites() {
    return [
      { source: '/api/:path*', destination: `${API_URL}/:path*` },
      { source: '/graphql', destination: process.env.GRAPHQL_URL },
      { source: '/bad', destination: 'http://localhost:99999/x' },
      { source: '/old', destination: '/new' },
    ];
  },
});
