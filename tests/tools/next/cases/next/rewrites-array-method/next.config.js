/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  async rewrites() {
    return [
      {
        source: '/api/:path*',
        destination: 'http://localhost:5000/api/:path*',
      },
      {
        source: '/about',
        destination: '/',
      },
      {
        source: '/socket.io/:path*',
        destination: 'http://127.0.0.1:8000/socket.io/:path*',
      },
    ];
  },
};

module.exports = nextConfig;
