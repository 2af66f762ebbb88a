const PROXY_CONFIG = [
  {
    context: ['/nodejs'],
    target: 'http://127.0.0.1:4000',
    secure: false
  }
];
module.exports = PROXY_CONFIG;
