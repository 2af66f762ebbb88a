// Serves one case's Express app for real: requires `server.js` (or `app.js`) from the folder given. Whatever
// the file listens on (`app.listen(PORT)`, `http.createServer(app).listen(...)`) is moved to 127.0.0.1 on a
// free port; a file that only exports its app (`module.exports = app`) is listened to here. Prints one JSON
// line (the port) once the socket listens; startup errors print {"error": ...}.
// express and cors resolve through NODE_PATH (the test's pinned install in tests/.cache).
"use strict";

const fs = require("node:fs");
const net = require("node:net");
const path = require("node:path");

const folder = path.resolve(process.argv[2]);
const say = (object) => process.stdout.write(JSON.stringify(object) + "\n");

const listen = net.Server.prototype.listen;
let listened = false;
net.Server.prototype.listen = function (...args) {
  if (listened) throw new Error("the app listens twice");
  listened = true;
  const callback = typeof args.at(-1) === "function" ? args.at(-1) : undefined;
  this.once("listening", () => say({ port: this.address().port }));
  return listen.call(this, 0, "127.0.0.1", callback);
};

try {
  const entry = ["server.js", "app.js"].map((name) => path.join(folder, name)).find((file) => fs.existsSync(file));
  if (!entry) throw new Error(`no server.js or app.js in ${folder}`);
  const exported = require(entry);
  if (!listened) {
    if (typeof exported?.listen !== "function") throw new Error(`${entry} neither listens nor exports an app`);
    exported.listen();
  }
} catch (error) {
  say({ error: `${error.name}: ${error.message}` });
  process.exit(3);
}
