const express = require("express");
const cors = require("cors");

const app = express();
app.use(cors({ origin: "http://localhost:4200" }));

app.get("/api/profile", (req, res) => res.json({ name: "ada" }));

if (require.main === module) app.listen(3000);
module.exports = app;
