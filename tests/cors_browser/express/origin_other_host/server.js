const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: 'http://app.example.com' }));
app.use(express.json());

app.get('/api/todos', (req, res) => {
  res.json([]);
});

app.post('/api/todos', (req, res) => {
  res.status(201).json(req.body);
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, () => {
  console.log(`API listening on port ${PORT}`);
});
