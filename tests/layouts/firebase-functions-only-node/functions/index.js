const {onRequest} = require("firebase-functions/v2/https");

exports.addmessage = onRequest(async (req, res) => {
  res.json({result: `Message added.`});
});
