const nextConfig = {
  rewrites: async () => ({
    beforeFiles: [{ source: '/health', destination: 'http://localhost:8080/healthz' }],
    afterFiles: [{ source: '/blog/:slug', destination: '/news/:slug' }],
    fallback: [{ source: '/:path*', destination: `https://legacy.example.com/:path*` }],
  }),
};

export default nextConfig;
