const {onDocumentCreated} = require("firebase-functions/v2/firestore");

exports.makeuppercase = onDocumentCreated("/messages/{documentId}", (event) => {
  const original = event.data.data().original;
  return event.data.ref.set({uppercase: original.toUpperCase()}, {merge: true});
});
