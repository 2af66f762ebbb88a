const express = require("express");
const cors = require("cors");

const app = express();
app.use(cors({ origin: "http://localhost:4200", credentials: true }));

app.get("/api/profile", (req, res) => {
  // replaces the origin cors() set
  res.header("Access-Control-Allow-Origin", "*");
  res.json({ name: "ada" });
});

if (require.main === module) app.listen(3000);
module.exports = app;
