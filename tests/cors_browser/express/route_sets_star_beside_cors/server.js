const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: 'http://localhost:4200', credentials: true }));

app.get('/api/me', (req, res) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.json({ user: 'ada' });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, () => {
  console.log(`API listening on port ${PORT}`);
});
