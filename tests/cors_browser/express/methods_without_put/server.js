const express = require("express");
const cors = require("cors");

const app = express();
app.use(cors({ methods: ["GET", "POST"] }));
app.use(express.json());

app.put("/api/todos/:id", (req, res) => res.json(req.body));

if (require.main === module) app.listen(3000);
module.exports = app;
