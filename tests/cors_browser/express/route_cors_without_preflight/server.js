const express = require("express");
const cors = require("cors");

const app = express();
app.use(express.json());

// cors() on the route runs for GET and POST only: the OPTIONS preflight gets Express's own answer.
app.get("/api/todos", cors(), (req, res) => res.json([]));
app.post("/api/todos", cors(), (req, res) => res.status(201).json(req.body));

if (require.main === module) app.listen(3000);
module.exports = app;
