const express = require("express");
const cors = require("cors");

const app = express();
app.use(cors({ origin: "http://localhost:4200" }));

app.get("/api/todos", (req, res) => {
  // res.append adds a second line (res.header / res.set would replace cors()'s value)
  res.append("Access-Control-Allow-Origin", "*");
  res.json([]);
});

if (require.main === module) app.listen(3000);
module.exports = app;
