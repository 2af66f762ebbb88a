const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors({ origin: 'http://localhost:4200', methods: ['GET', 'POST'] }));

app.delete('/api/todos/:id', (req, res) => {
  res.status(204).end();
});

if (require.main === module) {
  app.listen(3000, () => console.log('API on http://localhost:3000'));
}

module.exports = app;
