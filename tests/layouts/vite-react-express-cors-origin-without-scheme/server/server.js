const express = require("express");
const app = express();

const cors = require("cors");
const corsOptions = {
  origin: ["localhost:5173"],
};

app.use(cors(corsOptions));
app.use(express.json());

app.get("/api", (req, res) => {
  res.json("Hello test message react+vite+express app");
});

app.post("/api/messages", (req, res) => {
  res.status(201).json(req.body);
});

app.listen(3000, () => {
  console.log("Server is running on port 3000");
});
