const express = require("express");
const cors = require("cors");

const app = express();
app.get("/api/health", (req, res) => res.json({ ok: true }));
// Registered after /api/health: never runs for it.
app.use(cors());
app.get("/api/todos", (req, res) => res.json([]));

if (require.main === module) app.listen(3000);
module.exports = app;
