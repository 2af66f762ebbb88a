const express = require('express');
const app = express();

app.get('/api/routes', (req, res) => res.json([]));

app.listen(7998, () => console.log('API on 7998'));
