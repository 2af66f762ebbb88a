const express = require("express");
const cors = require("cors");

const app = express();
app.use(express.json());
app.post("/api/todos", cors(), (req, res) => res.status(201).json(req.body));
// The catch-all answers the OPTIONS preflight nothing else answered: a 404 without Allow-Origin, which
// Chromium reports as the missing header (it checks Allow-Origin before the status).
app.use((req, res) => res.status(404).json({ error: "not found" }));

if (require.main === module) app.listen(3000);
module.exports = app;
