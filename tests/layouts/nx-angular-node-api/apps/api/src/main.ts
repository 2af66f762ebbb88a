import * as express from 'express';

const app = express();

app.get('/api/todos', (req, res) => res.send([]));

const port = process.env.PORT || 3333;
const server = app.listen(port, () => {
  console.log(`Listening at http://localhost:${port}/api`);
});
server.on('error', console.error);
