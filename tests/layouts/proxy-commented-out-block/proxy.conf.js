const PROXY_CONFIG = [
  {
    context: ['/api'],
    target: 'https://localhost:44301/',
    secure: false,
    logLevel: 'debug'
  }
];
/*
        JAVA SPRING
const PROXY_CONFIG = [
  {
    context: ['/api'],
    target: 'http://localhost:8080/',
    secure: false,
    logLevel: 'debug'
  }
];
*/
module.exports = PROXY_CONFIG;
