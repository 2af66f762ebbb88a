const express = require('express');
const app = express();
app.get('/tasks', (req, res) => res.json([]));
app.listen(3000);
