const proxy = require('http-proxy-middleware');

module.exports = function (app) {
  app.use(proxy('/api', { target: 'http://127.0.0.1:8000/' }));
  app.use(proxy(['/socket'], { target: "ws://localhost:8001", ws: true }));
  app.use('/broken', createProxyMiddleware({ target: 'localhost:8002' }));
};
