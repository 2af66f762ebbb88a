const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: 'http://localhost:4200', credentials: false }));
app.use(express.json());

app.get('/api/todos', (req, res) => {
  res.json([]);
});

app.post('/api/todos', (req, res) => {
  res.status(201).json(req.body);
});

if (require.main === module) {
  app.listen(3000, () => console.log('API on http://localhost:3000'));
}

module.exports = app;
