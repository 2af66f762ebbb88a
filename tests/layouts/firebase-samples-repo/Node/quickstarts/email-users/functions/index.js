const {beforeUserCreated} = require("firebase-functions/v2/identity");

exports.welcome = beforeUserCreated(() => {});
