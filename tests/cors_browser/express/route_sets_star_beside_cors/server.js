const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: 'http://localhost:4200', credentials: true }));

app.get('/api/me', (req, res) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.json({ user: 'ada' });
});

if (require.main === module) {
  app.listen(3000, () => console.log('API on http://localhost:3000'));
}

module.exports = app;
