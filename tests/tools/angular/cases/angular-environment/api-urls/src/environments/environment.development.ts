export const environment = {
  production: false,
  apiUrl: 'http://localhost:5000/api',
  firebase: { functionsUrl: "http://127.0.0.1:5001/demo-project/us-central1" },
  socket: `ws://localhost:${5002}`,
  docs: 'https://example.com',
};
