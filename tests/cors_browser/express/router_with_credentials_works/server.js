const express = require("express");
const cors = require("cors");

const api = express.Router();
api.get("/profile", (req, res) => res.json({ name: "ada" }));
api.put("/profile", (req, res) => res.json(req.body));

const app = express();
app.use(cors({ origin: "http://localhost:4200", credentials: true }));
app.use(express.json());
app.use("/api", api);

if (require.main === module) app.listen(3000);
module.exports = app;
