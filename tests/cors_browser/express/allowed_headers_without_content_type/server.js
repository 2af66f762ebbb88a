const express = require("express");
const cors = require("cors");

const corsOptions = {
  origin: ["http://localhost:4200", /\.example\.com$/],
  allowedHeaders: ["Authorization"],
};

const app = express();
app.use(cors(corsOptions));
app.use(express.json());

app.post("/api/todos", (req, res) => res.status(201).json(req.body));

if (require.main === module) app.listen(3000);
module.exports = app;
