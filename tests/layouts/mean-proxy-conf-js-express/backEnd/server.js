const express = require('express');
const app = express();
const port = process.env.PORT || 3000;

app.use(express.json());
app.use('/nodejs/tasks', require('./routes/tasks'));

app.listen(port, () => console.log(`Server listening on ${port}`));
