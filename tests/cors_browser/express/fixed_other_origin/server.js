const express = require("express");
const cors = require("cors");

const app = express();
// A fixed string is sent whatever the request's origin.
app.use(cors({ origin: "http://localhost:3000" }));

app.get("/api/todos", (req, res) => res.json([]));

if (require.main === module) app.listen(3001);
module.exports = app;
