const express = require("express");

const app = express();
app.use(express.json());
// The classic snippet: no Allow-Methods, and OPTIONS falls through to Express's own 200 (which keeps these headers).
app.use(function (req, res, next) {
  res.header("Access-Control-Allow-Origin", "*");
  res.header("Access-Control-Allow-Headers", "Origin, X-Requested-With, Content-Type, Accept");
  next();
});

app.post("/api/todos", (req, res) => res.status(201).json(req.body));
app.put("/api/todos/:id", (req, res) => res.json(req.body));

if (require.main === module) app.listen(3000);
module.exports = app;
