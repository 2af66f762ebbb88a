const express = require('express');
const cors = require('cors');

const app = express();

app.get('/api/me', cors(), (req, res) => {
  res.json({ user: 'ada' });
});

if (require.main === module) {
  app.listen(3000, () => console.log('API on http://localhost:3000'));
}

module.exports = app;
