const { createProxyMiddleware } = require('http-proxy-middleware');
const target = process.env.API_URL || 'http://localhost:5000';
module.exports = (app) => app.use('/api', createProxyMiddleware({ target, changeOrigin: true }));
