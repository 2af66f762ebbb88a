const express = require("express");
const cors = require("cors");

const app = express();
// preflightContinue: cors() sets its headers on the preflight and hands it on instead of answering 204.
app.use(cors({ preflightContinue: true }));
app.use(express.json());
app.post("/api/todos", (req, res) => res.status(201).json(req.body));
app.use((req, res) => res.status(404).json({ error: "not found" }));

if (require.main === module) app.listen(3000);
module.exports = app;
