// Serves one case's Express app for real: requires `server.js` (or `app.js`) from the folder given, which
// exports the app (`module.exports = app`, listening itself only when run directly), listens on 127.0.0.1
// port 0 and prints one JSON line (the port) once it listens. Startup errors print {"error": ...}.
// express and cors resolve through NODE_PATH (the test's pinned install in tests/.cache).
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const folder = path.resolve(process.argv[2]);
const say = (object) => process.stdout.write(JSON.stringify(object) + "\n");
let app;
try {
  const entry = ["server.js", "app.js"].map((name) => path.join(folder, name)).find((file) => fs.existsSync(file));
  if (!entry) throw new Error(`no server.js or app.js in ${folder}`);
  app = require(entry);
  if (typeof app?.listen !== "function") throw new Error(`${entry} does not export an app (module.exports = app)`);
} catch (error) {
  say({ error: `${error.name}: ${error.message}` });
  process.exit(3);
}
const server = app.listen(0, "127.0.0.1", () => say({ port: server.address().port }));
