// Processes for the end-to-end driver (run.mjs): free ports, waiting on a child's output or a condition,
// the process table from /proc, and stopping what the driver started.

import fs from "node:fs";
import net from "node:net";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether a real socket can take `port` on 127.0.0.1 now (what "free" means for the fixed file). */
export function binds(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Resolves with the first match of `pattern` in the child's stdout (or `stream`), or rejects when the process
 * exits or time runs out. */
export function waitForLine(child, pattern, ms, what, stream = "stdout") {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => done(new Error(`${what}: no line matching ${pattern} within ${ms} ms`)), ms);
    const onData = (chunk) => {
      buffer += chunk;
      const match = buffer.match(pattern);
      if (match) done(null, match);
    };
    const onExit = (code) => done(new Error(`${what} exited (${code}) before printing ${pattern}: ${buffer}`));
    function done(error, match) {
      clearTimeout(timer);
      child[stream].off("data", onData);
      child.off("exit", onExit);
      error ? reject(error) : resolve(match);
    }
    child[stream].setEncoding("utf8");
    child[stream].on("data", onData);
    child.once("exit", onExit);
  });
}

export async function waitForHealthz(port, child, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}) while starting`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // poll interval of a bounded condition wait
  }
  throw new Error(`code-server did not answer /healthz within ${ms} ms`);
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `condition` (a process check) until it returns something truthy; throws `what()` after `ms`. */
export async function until(condition, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`${what()} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // poll interval of a bounded condition wait
  }
}

/** A process's state letter from /proc (Z: zombie), or null when it is gone. */
export function processState(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
  } catch {
    return null;
  }
}

/** Every process in /proc (Linux): pid, parent, process group, state and command line. */
export function processTable() {
  const table = new Map();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // after "(comm)", which may hold spaces
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
      table.set(Number(name), { state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), cmdline });
    } catch {
      // it ended while we looked
    }
  }
  return table;
}

/**
 * Live (not zombie) `-m portlint serve` processes in code-server's process group or descending from it: the
 * language servers the extension host started for this run, never another run's.
 */
export function languageServerPids(group) {
  const table = processTable();
  const underGroup = (pid) => {
    for (let hops = 0, proc = table.get(pid); proc && hops < 64; hops++, proc = table.get(proc.ppid)) {
      if (proc.pgid === group) return true;
    }
    return false;
  };
  return [...table]
    .filter(([pid, proc]) => proc.state !== "Z" && proc.cmdline.includes("-m portlint serve") && underGroup(pid))
    .map(([pid]) => pid);
}

/** SIGTERM, then SIGKILL after a bounded wait: a process group (negative id) or one pid. */
export async function stop(id, what, log = () => {}) {
  const signal = (sig) => {
    try {
      process.kill(id, sig);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + 5_000;
  while (alive(id) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (alive(id)) {
    log(`${what} ignored SIGTERM; SIGKILL`);
    signal("SIGKILL");
  }
}
