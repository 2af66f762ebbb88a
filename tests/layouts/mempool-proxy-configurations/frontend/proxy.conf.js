PROXY_CONFIG = [
    {
        context: ['*', '/api/**', '!/api/v1/ws', '/testnet/api/**'],
        target: "https://mempool.space",
        ws: true,
        secure: false,
        changeOrigin: true
    },
    {
        context: ['/api/v1/ws'],
        target: "https://mempool.space",
        ws: true,
        secure: false,
        changeOrigin: true,
    }
];

module.exports = PROXY_CONFIG;
