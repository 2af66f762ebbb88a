const functions = require("firebase-functions");
const express = require("express");

const app = express();
app.get("/draws", (req, res) => res.json([]));

if (require.main === module) {
  app.listen(3000, () => console.log("Listening on port 3000"));
}

exports.app = functions.https.onRequest(app);
