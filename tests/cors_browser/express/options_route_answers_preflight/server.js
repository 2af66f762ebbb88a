const express = require("express");
const cors = require("cors");

const app = express();
app.use(express.json());

app.options("/api/todos", cors());
app.get("/api/todos", cors(), (req, res) => res.json([]));
app.post("/api/todos", cors(), (req, res) => res.status(201).json(req.body));

if (require.main === module) app.listen(3000);
module.exports = app;
