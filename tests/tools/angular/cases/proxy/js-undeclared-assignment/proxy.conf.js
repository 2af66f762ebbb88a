// sloppy-mode JavaScript: PROXY_CONFIG is never declared, the assignment creates it
PROXY_CONFIG = [
  {
    context: ['/api/v1/**'],
    target: `http://localhost:8999`,
    secure: false,
  },
];
PROXY_CONFIG = [{ context: ['/api/**'], target: 'http://localhost:8998' }];

module.exports = PROXY_CONFIG;
