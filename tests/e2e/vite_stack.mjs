// The Vite + Flask scenario of the end-to-end driver (run.mjs --vite): its workspace and its processes.
//
// A Vite front end proxies /api to `http://localhost:B`; the Flask backend of the same workspace listens on
// 127.0.0.1:B; a stand-in (examples/standins/airplay.py, named ControlCenter) listens on [::1]:B only. Where
// `localhost` resolves to ::1 first (macOS, many Linux machines), Node >= 17 (Vite's proxy) connects to ::1 and
// reaches the stand-in, never the backend. This machine's resolver may answer 127.0.0.1 first, so code-server
// (and with it the language server) runs in a private mount namespace whose /etc/hosts lists ::1 first: the one
// thing faked; the sockets, the processes and the resolver's answer are real.

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { waitForLine } from "./processes.mjs";

const START_MS = 15_000; // a Python process up and listening
const HOSTS_V6_FIRST = "::1 localhost\n127.0.0.1 localhost\n";

/** Copies every `*.template` of `fixtures` into `workspace` without that suffix, the placeholders filled in. */
export function writeWorkspace(fixtures, workspace, values) {
  const written = {};
  for (const entry of fs.readdirSync(fixtures, { recursive: true })) {
    if (!entry.endsWith(".template")) continue;
    const target = path.join(workspace, entry.slice(0, -".template".length));
    let text = fs.readFileSync(path.join(fixtures, entry), "utf8");
    for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{{${name}}}`, String(value));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    written[path.basename(target)] = target;
  }
  return written;
}

/**
 * A command prefix that runs a program where `localhost` resolves to ::1 first: `unshare --mount` with a
 * hosts file of our own bound over /etc/hosts inside (private propagation: the machine's file is untouched).
 * `exec` keeps the pid, so a child spawned with this prefix is still the process we stop by pid.
 */
export function v6FirstPrefix(temp) {
  const hosts = path.join(temp, "hosts-v6-first");
  fs.writeFileSync(hosts, HOSTS_V6_FIRST);
  return ["unshare", "--mount", "sh", "-c", `mount --bind "${hosts}" /etc/hosts && exec "$0" "$@"`];
}

/** The stand-in on [::1] only, on a port it picks itself: the child at once (to stop it whatever happens), and
 * a promise of the port once it listens. */
export function startStandin(python, repo) {
  const child = spawn(python, [path.join(repo, "examples/standins/airplay.py"), "--port", "0", "--host", "::1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ready = waitForLine(child, /ready (\d+)/, START_MS, "airplay stand-in on ::1").then(([, port]) => Number(port));
  return { child, ready };
}

/** The workspace's own backend, `python server.py` from its folder: the child at once, and a promise that
 * settles once Werkzeug logs (on stderr) that it listens on 127.0.0.1:port. */
export function startBackend(python, script, port) {
  const child = spawn(python, [path.basename(script)], {
    cwd: path.dirname(script),
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  const listening = new RegExp(`Running on http://127\\.0\\.0\\.1:${port}`);
  return { child, ready: waitForLine(child, listening, START_MS, "Flask backend", "stderr") };
}

// Run by Node inside the namespace: what an http client of `localhost:B` (Vite's proxy is one) reaches.
const REACH_SCRIPT = `
const http = require("node:http");
const port = Number(process.argv[1]);
const get = (host) => new Promise((resolve) => {
  const request = http.get({ host, port, path: "/api/hello" }, (response) => {
    response.resume();
    resolve({ host, address: response.socket.remoteAddress, status: response.statusCode, server: response.headers.server ?? null });
  });
  request.on("error", (error) => resolve({ host, error: error.code ?? error.message }));
});
Promise.all([get("localhost"), get("127.0.0.1")]).then((answers) => console.log(JSON.stringify(answers)));
`;

/** Where Node's `localhost:port` and `127.0.0.1:port` land, run through `prefix`: the scenario's premise. */
export function nodeReaches(prefix, port) {
  const [command, ...rest] = prefix;
  const run = spawnSync(command, [...rest, process.execPath, "-e", REACH_SCRIPT, String(port)], {
    encoding: "utf8",
    timeout: START_MS,
  });
  if (run.status !== 0) throw new Error(`node under ${command} failed (${run.status ?? run.signal}): ${run.stderr}`);
  const [viaLocalhost, viaLoopback] = JSON.parse(run.stdout.trim().split("\n").at(-1));
  return { localhost: viaLocalhost, loopback: viaLoopback };
}
