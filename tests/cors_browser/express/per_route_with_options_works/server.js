const express = require('express');
const cors = require('cors');

const app = express();
const corsOptions = { origin: 'http://localhost:4200', credentials: true };

app.options('/api/todos', cors(corsOptions));
app.post('/api/todos', cors(corsOptions), express.json(), (req, res) => {
  res.status(201).json(req.body);
});

if (require.main === module) {
  app.listen(3000, () => console.log('API on http://localhost:3000'));
}

module.exports = app;
