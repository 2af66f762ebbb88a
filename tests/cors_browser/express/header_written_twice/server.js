const express = require("express");

const app = express();
app.use(function (req, res, next) {
  res.header("Access-Control-Allow-Origin", "http://localhost:4200");
  // res.header replaces: the API answers Access-Control-Allow-Origin: null
  res.header("Access-Control-Allow-Origin", "null");
  next();
});

app.get("/api/applicants", (req, res) => res.json([]));

if (require.main === module) app.listen(3000);
module.exports = app;
