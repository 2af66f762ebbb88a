const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: 'http://localhost:5173' }));

app.get('/api/todos', (req, res) => {
  res.json([]);
});

if (require.main === module) {
  app.listen(3000, () => console.log('API on http://localhost:3000'));
}

module.exports = app;
