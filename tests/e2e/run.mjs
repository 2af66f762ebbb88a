#!/usr/bin/env node
// End to end in real VS Code: code-server + headless Debian Chromium, driven by playwright-core.
//
// Installs a VSIX into a throwaway code-server, opens a workspace whose firebase.json hosting port is held by
// a real foreign listener (examples/standins/airplay.py, named ControlCenter), and checks what a person sees:
// the squiggle on the port, the hover naming the holder, the Problems row, the status item; then takes the
// "Switch to free port N" quick fix through the UI, saves, and checks the file on disk and that the squiggle
// went away. One screenshot per step. Every wait is on a DOM (or file) condition with a bound.
//
//   node tests/e2e/run.mjs --vsix X.vsix --code-server BIN --tools DIR [--artifacts DIR] [--control | --restart | --vite]
//
// --control: the negative control. The user settings point `portlint.interpreter` at a path that does not
// exist, so the extension cannot start its server; the squiggle step must fail.
// --restart: the crash scenario. Once the squiggle, hover and status item are there, the driver SIGKILLs the
// language server (the `-m portlint serve` process under code-server's process group) and checks that the
// extension starts a new one (another pid) and that the squiggle, the status item and the server's hover come
// back with nobody touching anything. Stops there (no quick fix).
// --vite: another stack (vite_stack.mjs). A Vite proxy to `http://localhost:B`, the workspace's Flask backend
// on 127.0.0.1:B and the stand-in on [::1]:B only, with `localhost` resolving to ::1 first: opening
// vite.config.ts, the squiggle is on B in the proxy target, the hover names the stand-in; the quick fix
// "Target http://127.0.0.1:B" rewrites the host, the person saves, and the squiggle and the Problems row go.
// Prints one JSON object (the result) on stdout; exit code 0 when every step passed, 1 otherwise.

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import {
  alive,
  binds,
  freePort,
  languageServerPids,
  processState,
  processTable,
  stop,
  until,
  waitForHealthz,
  waitForLine,
} from "./processes.mjs";
import { nodeReaches, startBackend, startStandin, v6FirstPrefix, writeWorkspace } from "./vite_stack.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");

const { values: args } = parseArgs({
  options: {
    vsix: { type: "string" },
    "code-server": { type: "string" },
    tools: { type: "string", default: path.join(repo, "tests/.cache/e2e/tools") },
    artifacts: { type: "string", default: path.join(repo, "test-artifacts/e2e") },
    python: { type: "string", default: path.join(repo, ".venv/bin/python") },
    interpreter: { type: "string" }, // portlint.interpreter for the real run; unset: the extension's own choice
    chromium: { type: "string", default: "/usr/bin/chromium" },
    control: { type: "boolean", default: false },
    restart: { type: "boolean", default: false },
    vite: { type: "boolean", default: false },
    "squiggle-timeout": { type: "string", default: "120" }, // seconds: first run sets up the server's env
    "keep-temp": { type: "boolean", default: false },
  },
});
for (const required of ["vsix", "code-server"]) {
  if (!args[required]) throw new Error(`--${required} is required`);
}

if (args.control + args.restart + args.vite > 1) throw new Error("--control, --restart and --vite are separate scenarios");

const { chromium } = createRequire(path.join(args.tools, "package.json"))("playwright-core");

const mode = args.control ? "control" : args.restart ? "restart" : args.vite ? "vite" : "real";
const artifacts = path.resolve(args.artifacts, mode);
const SQUIGGLE_MS = Number(args["squiggle-timeout"]) * 1000;
const STEP_MS = 30_000; // any other UI condition
const RESTART_MS = 60_000; // killed server -> new server process (a fresh Python start, on a possibly busy machine)
const CONTROL_INTERPRETER = "/nonexistent/portlint-e2e-control/bin/python3";

const result = { mode, ok: false, steps: [], screenshots: [], artifacts };
const started = Date.now();
const log = (message) => process.stderr.write(`[e2e ${mode} ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);

// ---- the workspace, the settings, the extension ------------------------------------------------------------

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

function userSettings() {
  const settings = {
    "security.workspace.trust.enabled": false, // else a trust dialog blocks activation
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "update.mode": "none",
    "files.autoSave": "off",
  };
  // The Vite workspace has no node_modules: TypeScript's "Cannot find module 'vite'" squiggle is not ours.
  if (args.vite) settings["typescript.validate.enable"] = false;
  if (args.control) settings["portlint.interpreter"] = CONTROL_INTERPRETER;
  else if (args.interpreter) settings["portlint.interpreter"] = args.interpreter;
  return settings;
}

function installExtension(base, env) {
  const run = spawnSync(
    args["code-server"],
    [...base, "--install-extension", path.resolve(args.vsix), "--force"],
    { env, encoding: "utf8", timeout: 120_000 },
  );
  const output = `${run.stdout}\n${run.stderr}`;
  fs.writeFileSync(path.join(artifacts, "install-extension.log"), output);
  if (run.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`--install-extension failed (${run.status ?? run.signal}): ${output.trim().slice(-2000)}`);
  }
  return output.trim().split("\n").filter((line) => /installed/i.test(line)).join(" ");
}

// ---- in the page -------------------------------------------------------------------------------------------

const EDITOR = ".part.editor .monaco-editor";
// The extension's status item (extension/src/status.ts); VS Code gives its element the id `<extension>.<item>`.
const STATUS_ITEM = '.part.statusbar .statusbar-item[id$="portlint.status"]';

// Where the scenario's file names the port: group `port`, the digits; `host` too for a URL.
const TOKEN_PATTERN = args.vite ? String.raw`https?://(?<host>[^/'"\s]+):(?<port>\d+)` : String.raw`"port"\s*:\s*(?<port>\d+)`;

/** Screen rectangle of the port token (or another `group` of TOKEN_PATTERN on its line) in the open editor,
 * found through the rendered text. */
function tokenRectInPage(editorSelector, port, group = "port") {
  const editor = document.querySelector(editorSelector);
  if (!editor) return null;
  for (const line of editor.querySelectorAll(".view-lines .view-line")) {
    const text = line.textContent.replace(/\u00a0/g, " "); // Monaco renders spaces as no-break spaces
    const match = new RegExp(window.__portlintE2E.pattern, "d").exec(text);
    if (!match || (port !== null && match.groups.port !== String(port))) continue;
    const [start, end] = match.indices.groups[group];
    // Map the character span onto the text nodes of the line's token spans.
    const range = document.createRange();
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    let offset = 0;
    let started = false;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent.length;
      if (!started && start < offset + length) {
        range.setStart(node, start - offset);
        started = true;
      }
      if (started && end <= offset + length) {
        range.setEnd(node, end - offset);
        const r = range.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height, port: Number(match.groups.port), text: match.groups[group] };
      }
      offset += length;
    }
  }
  return null;
}

/** Error squiggles in the editor, and those overlapping the port token (same line, overlapping columns). */
function squigglesInPage(editorSelector, port) {
  const token = window.__portlintE2E.tokenRect(editorSelector, port);
  const editor = document.querySelector(editorSelector);
  if (!token || !editor) return { token, all: 0, onToken: 0 };
  const squiggles = [...editor.querySelectorAll(".view-overlays .squiggly-error")].map((e) => e.getBoundingClientRect());
  const onToken = squiggles.filter(
    (r) =>
      r.width > 0 &&
      r.x < token.x + token.width &&
      r.x + r.width > token.x &&
      Math.abs(r.y + r.height / 2 - (token.y + token.height / 2)) < token.height,
  );
  return { token, all: squiggles.length, onToken: onToken.length };
}

/**
 * From now on, records every text the status item shows (consecutive repeats once) and whether the squiggle
 * ever left the rendered port token: a MutationObserver, so short states between two polls are not missed.
 */
function watchInPage(editorSelector, statusSelector, port) {
  const seen = { status: [], squiggleLeft: false };
  const record = () => {
    const item = document.querySelector(statusSelector);
    const text = item ? item.textContent.replace(/\s+/g, " ").trim() : null;
    if (seen.status[seen.status.length - 1] !== text) seen.status.push(text);
    const squiggles = window.__portlintE2E.squiggles(editorSelector, port);
    if (squiggles.token && squiggles.onToken === 0) seen.squiggleLeft = true;
  };
  const observer = new MutationObserver(record);
  for (const target of [document.querySelector(".part.statusbar"), document.querySelector(editorSelector)]) {
    if (target) observer.observe(target, { subtree: true, childList: true, characterData: true, attributes: true });
  }
  record();
  window.__portlintE2EWatch = seen;
  return seen;
}

// Installed in the page before VS Code loads, so every wait below can call them by name.
const PAGE_HELPERS = `window.__portlintE2E = { pattern: ${JSON.stringify(TOKEN_PATTERN)}, tokenRect: ${tokenRectInPage}, squiggles: ${squigglesInPage}, watch: ${watchInPage} };`;
const tokenRect = (page, port, group = "port") =>
  page.evaluate(([e, p, g]) => window.__portlintE2E.tokenRect(e, p, g), [EDITOR, port, group]);
const squiggles = (page, port) => page.evaluate(([e, p]) => window.__portlintE2E.squiggles(e, p), [EDITOR, port]);

/** Waits until `predicate(squiggles)` holds for the token showing `port`; returns what it saw then. */
async function waitForSquiggles(page, port, predicate, ms, what) {
  try {
    const handle = await page.waitForFunction(
      ([e, p, source]) => {
        const seen = window.__portlintE2E.squiggles(e, p);
        return new Function(`return (${source})`)()(seen) ? seen : null;
      },
      [EDITOR, port, predicate.toString()],
      { timeout: ms, polling: 250 },
    );
    return await handle.jsonValue();
  } catch (error) {
    const seen = await squiggles(page, port).catch(() => null);
    throw new Error(`${what} within ${ms} ms (last seen: ${JSON.stringify(seen)}): ${error.message.split("\n")[0]}`);
  }
}

// ---- the run ---------------------------------------------------------------------------------------------

async function main() {
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), `portlint-e2e-${mode}-`));
  result.temp = temp;
  const workspace = path.join(temp, "workspace");
  const userData = path.join(temp, "user-data");
  const extensions = path.join(temp, "extensions");
  const config = path.join(temp, "code-server.yaml");
  let standin = null;
  let backend = null; // --vite: the workspace's own Flask server
  let prefix = []; // --vite: code-server runs where `localhost` resolves to ::1 first
  let codeServer = null;
  let browser = null;
  let page = null;
  let shot = 0;

  const screenshot = async (name) => {
    if (!page) return;
    const file = path.join(artifacts, `${String(++shot).padStart(2, "0")}-${name}.png`);
    try {
      await page.screenshot({ path: file, timeout: 10_000 });
      result.screenshots.push(path.relative(repo, file));
    } catch (error) {
      log(`screenshot ${name} failed: ${error.message}`);
    }
  };
  const step = async (name, body) => {
    const t0 = Date.now();
    log(`step ${name}`);
    try {
      const detail = await body();
      result.steps.push({ name, ok: true, ms: Date.now() - t0, detail: detail ?? null });
      await screenshot(name);
      return detail;
    } catch (error) {
      result.steps.push({ name, ok: false, ms: Date.now() - t0, error: String(error?.message ?? error).slice(0, 2000) });
      await screenshot(`${name}-FAILED`);
      throw error;
    }
  };

  try {
    let port = null;
    let opened = null; // the file the scenario opens
    if (args.vite) {
      // The stand-in on [::1]:B (a port it picks), then the workspace's backend on 127.0.0.1:B.
      const held = startStandin(args.python, repo);
      standin = held.child;
      Object.assign(result, { standinPid: standin.pid, port: (port = await held.ready) });
      writePids();
      const files = writeWorkspace(path.join(here, "fixtures/vite-flask"), workspace, {
        VITE_PORT: await freePort(),
        BACKEND_PORT: port,
      });
      const server = startBackend(args.python, files["server.py"], port);
      backend = server.child;
      result.backendPid = backend.pid;
      writePids();
      await server.ready;
      log(`stand-in ControlCenter pid ${standin.pid} on [::1]:${port}, Flask pid ${backend.pid} on 127.0.0.1:${port}`);
      prefix = v6FirstPrefix(temp);
      // The premise, checked with Node itself where code-server will run: localhost reaches the stand-in.
      await step("node-localhost", async () => {
        const reach = nodeReaches(prefix, port);
        result.reach = reach;
        if (reach.localhost.address !== "::1" || !reach.localhost.server?.startsWith("AirTunes")) {
          throw new Error(`Node's localhost:${port} did not reach the stand-in on ::1: ${JSON.stringify(reach)}`);
        }
        if (!reach.loopback.server?.startsWith("Werkzeug")) {
          throw new Error(`127.0.0.1:${port} is not the Flask backend: ${JSON.stringify(reach)}`);
        }
        return reach;
      });
      opened = files["vite.config.ts"];
    } else {
      // A real foreign listener: the ControlCenter stand-in on a port it picks itself (no race for a free one).
      standin = spawn(
        args.python,
        [path.join(repo, "examples/standins/airplay.py"), "--port", "0", "--host", "127.0.0.1"],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      const [, heldPort] = await waitForLine(standin, /ready (\d+)/, 15_000, "airplay stand-in");
      port = Number(heldPort);
      result.port = port;
      result.standinPid = standin.pid;
      writePids();
      log(`stand-in ControlCenter pid ${standin.pid} holds 127.0.0.1:${port}`);

      const template = fs.readFileSync(path.join(here, "fixtures/firebase.json.template"), "utf8");
      opened = path.join(workspace, "firebase.json");
      fs.mkdirSync(workspace, { recursive: true });
      fs.writeFileSync(opened, template.replaceAll("{{PORT}}", String(port)));
    }
    const firebaseJson = opened;
    writeJson(path.join(userData, "User/settings.json"), userSettings());
    const codeServerPort = await freePort();
    fs.writeFileSync(config, `bind-addr: 127.0.0.1:${codeServerPort}\nauth: none\ncert: false\n`);

    const env = {
      ...process.env,
      XDG_CONFIG_HOME: path.join(temp, "xdg-config"),
      XDG_DATA_HOME: path.join(temp, "xdg-data"),
      XDG_CACHE_HOME: path.join(temp, "xdg-cache"),
      PORTLINT_E2E_HOLDER_PID: String(standin.pid), // only the harness's own fake extension reads it
    };
    const base = ["--config", config, "--user-data-dir", userData, "--extensions-dir", extensions];

    await step("install-extension", async () => installExtension(base, env));

    await step("start-code-server", async () => {
      const logFile = fs.openSync(path.join(artifacts, "code-server.log"), "w");
      // detached: setsid(), so the whole tree (extension host, language server) is one group to kill.
      const [command, ...prefixArgs] = [...prefix, args["code-server"]];
      codeServer = spawn(
        command,
        [
          ...prefixArgs,
          ...base,
          "--disable-telemetry",
          "--disable-update-check",
          "--disable-workspace-trust",
          "--disable-getting-started-override",
          "--ignore-last-opened",
          workspace,
        ],
        { env, detached: true, stdio: ["ignore", logFile, logFile] },
      );
      fs.closeSync(logFile);
      result.codeServerPid = codeServer.pid;
      writePids();
      await waitForHealthz(codeServerPort, codeServer, 30_000);
      return { port: codeServerPort, pid: codeServer.pid };
    });

    browser = await chromium.launchPersistentContext(path.join(temp, "chromium-profile"), {
      executablePath: args.chromium,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    await browser.addInitScript({ content: PAGE_HELPERS });
    page = browser.pages()[0] ?? (await browser.newPage());

    await step("workbench", async () => {
      await page.goto(`http://127.0.0.1:${codeServerPort}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
      await page.locator(".part.statusbar").waitFor({ timeout: STEP_MS });
    });

    const openedName = path.basename(opened);
    await step(args.vite ? "open-vite-config" : "open-firebase-json", async () => {
      await page.locator(".part.editor").click({ position: { x: 200, y: 200 } }); // focus the workbench
      await page.keyboard.press("Control+P");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ timeout: STEP_MS });
      await input.fill(openedName);
      await page.locator(".quick-input-widget .monaco-list-row", { hasText: openedName }).first().waitFor({ timeout: STEP_MS });
      await page.keyboard.press("Enter");
      await page.waitForFunction(([e, p]) => window.__portlintE2E.tokenRect(e, p), [EDITOR, port], { timeout: STEP_MS });
      return { file: opened };
    });

    await step("squiggle", async () =>
      waitForSquiggles(page, port, (seen) => seen.onToken > 0, SQUIGGLE_MS, "no .squiggly-error on the port token"),
    );

    if (args.vite) {
      await viteChecks({ page, step, screenshot }, port, standin.pid, opened);
      result.ok = true;
      return 0; // the finally below cleans up
    }

    await step("hover", async () => {
      const token = await tokenRect(page, port);
      await page.mouse.move(token.x + token.width / 2, token.y + token.height / 2);
      const hover = page.locator(".monaco-hover:visible", { hasText: "ControlCenter" }).first();
      await hover.waitFor({ timeout: STEP_MS });
      const text = (await hover.innerText()).trim();
      result.hover = text;
      // The server's own hover, not just the diagnostic's message that VS Code shows above it.
      const holder = `Held by ControlCenter (pid ${standin.pid}`;
      if (!text.includes(holder)) throw new Error(`hover does not say "${holder}": ${text}`);
      return { text };
    });

    await step("status-item", async () => {
      await page.mouse.move(5, 5);
      const item = page
        .locator(".part.statusbar .statusbar-item")
        .filter({ hasText: `${port} held by ControlCenter` }) // the extension's words (extension/src/portMapModel.ts)
        .first();
      await item.waitFor({ timeout: STEP_MS });
      const text = (await item.innerText()).trim();
      result.status = text;
      return { text };
    });

    if (args.restart) {
      // The crash: the test SIGKILLs the language server; nobody touches VS Code afterwards.
      const held = `${port} held by ControlCenter`;
      result.server = {};
      const oldPid = await step("kill-server", async () => {
        let found = [];
        const [pid] = await until(
          () => (found = languageServerPids(codeServer.pid)).length === 1 && found,
          STEP_MS,
          () => `not exactly one "-m portlint serve" under code-server's group (last seen: ${JSON.stringify(found)})`,
        );
        const cmdline = processTable().get(pid)?.cmdline ?? null;
        const seen = await page.evaluate(([e, s, p]) => window.__portlintE2E.watch(e, s, p), [EDITOR, STATUS_ITEM, port]);
        if (!seen.status[0]?.includes(held)) throw new Error(`status item before the kill: ${JSON.stringify(seen.status)}`);
        process.kill(pid, "SIGKILL"); // as a crash: no shutdown request, no exit notification
        Object.assign(result.server, { oldPid: pid, oldCmdline: cmdline });
        log(`SIGKILL language server pid ${pid}: ${cmdline}`);
        await until(() => !languageServerPids(codeServer.pid).includes(pid), STEP_MS, () => `server ${pid} outlived SIGKILL`);
        return pid;
      });

      await step("server-restarted", async () => {
        let found = [];
        const [newPid] = await until(
          () => (found = languageServerPids(codeServer.pid)).length === 1 && found[0] !== oldPid && found,
          RESTART_MS,
          () => `no new "-m portlint serve" under code-server's group (last seen: ${JSON.stringify(found)})`,
        );
        result.server.newPid = newPid;
        result.server.newCmdline = processTable().get(newPid)?.cmdline ?? null;
        log(`new language server pid ${newPid}: ${result.server.newCmdline}`);
        const squiggle = await waitForSquiggles(
          page,
          port,
          (seen) => seen.onToken > 0,
          SQUIGGLE_MS,
          "no .squiggly-error on the port token after the restart",
        );
        // Back means: it showed something else after the kill (the extension's "not running" state), and
        // now the held port again, which takes a port map answered by the new server.
        try {
          await page.waitForFunction(
            (text) => {
              const status = window.__portlintE2EWatch.status;
              const last = status[status.length - 1];
              return status.some((s) => s !== null && !s.includes(text)) && last?.includes(text);
            },
            held,
            { timeout: RESTART_MS, polling: 250 },
          );
        } finally {
          Object.assign(result.server, await page.evaluate(() => window.__portlintE2EWatch).catch(() => ({})));
        }
        result.statusAfterRestart = result.server.status.at(-1);
        const alive = languageServerPids(codeServer.pid);
        if (!alive.includes(newPid)) throw new Error(`the new server ${newPid} is gone again: ${JSON.stringify(alive)}`);
        return { oldPid, newPid, squiggle, status: result.server.status, squiggleLeft: result.server.squiggleLeft };
      });

      await step("hover-after-restart", async () => {
        // The server's own hover (not the diagnostic VS Code kept): the new server serves the open file.
        const token = await tokenRect(page, port);
        await page.mouse.move(token.x + token.width / 2, token.y + token.height / 2);
        const holder = `Held by ControlCenter (pid ${standin.pid}`;
        const hover = page.locator(".monaco-hover:visible", { hasText: holder }).first();
        await hover.waitFor({ timeout: STEP_MS });
        result.hoverAfterRestart = (await hover.innerText()).trim();
        return { text: result.hoverAfterRestart };
      });
      result.ok = true;
      return 0; // the finally below cleans up
    }

    await step("problems", async () => {
      await page.keyboard.press("Control+Shift+M");
      const row = page
        .locator(".markers-panel .monaco-list-row")
        .filter({ hasText: String(port) })
        .filter({ hasText: "ControlCenter" })
        .first();
      await row.waitFor({ timeout: STEP_MS });
      const text = (await row.innerText()).trim();
      result.problem = text;
      return { text };
    });

    const newPort = await step("quick-fix", async () => {
      const title = await takeQuickFix(page, port, /Switch to free port \d+/, screenshot);
      const chosen = Number(/Switch to free port (\d+)/.exec(title)[1]);
      // The edit lands in the editor: the token now shows the new port.
      await page.waitForFunction(([e, p]) => window.__portlintE2E.tokenRect(e, p), [EDITOR, chosen], { timeout: STEP_MS });
      result.quickFix = title;
      return chosen;
    });
    result.newPort = newPort;

    await step("save", async () => {
      await page.keyboard.press("Control+S");
      const deadline = Date.now() + STEP_MS;
      let text = "";
      while (Date.now() < deadline) {
        text = fs.readFileSync(firebaseJson, "utf8");
        if (text.includes(String(newPort))) break;
        await new Promise((resolve) => setTimeout(resolve, 100)); // poll interval of a bounded file wait
      }
      const onDisk = JSON.parse(text).emulators?.hosting?.port;
      result.portOnDisk = onDisk;
      if (onDisk !== newPort) throw new Error(`firebase.json on disk holds port ${onDisk}, expected ${newPort}: ${text}`);
      if (onDisk === port) throw new Error(`the quick fix kept the held port ${port}`);
      const free = await binds(onDisk);
      result.newPortBinds = free;
      if (!free) throw new Error(`port ${onDisk} from the fixed file does not bind on 127.0.0.1`);
      return { port: onDisk, binds: free };
    });

    await step("squiggle-gone", async () => {
      const seen = await waitForSquiggles(
        page,
        newPort,
        (s) => s.token !== null && s.all === 0,
        SQUIGGLE_MS,
        "error squiggles remain",
      );
      // The server looked again and found the port free: the status item says so (portMapModel.ts's words).
      const ok = page.locator(".part.statusbar .statusbar-item", { hasText: /portlint: \d+ ports? ok/ }).first();
      await ok.waitFor({ timeout: STEP_MS });
      result.statusAfterFix = (await ok.innerText()).trim();
      return { ...seen, status: result.statusAfterFix };
    });

    result.ok = true;
  } catch (error) {
    result.error = String(error?.stack ?? error).slice(0, 4000);
  } finally {
    if (page) {
      // What VS Code told the person (the extension's errors, progress): evidence, and the control's reason.
      result.notifications = await page
        .locator(".notifications-toasts .notification-list-item-message")
        .allInnerTexts()
        .catch(() => []);
    }
    if (browser) await browser.close().catch(() => {});
    if (codeServer?.pid) await stop(-codeServer.pid, "code-server group", log);
    if (standin?.pid) await stop(standin.pid, "stand-in", log);
    if (backend?.pid) await stop(backend.pid, "backend", log);
    result.leftRunning = [
      codeServer && alive(-codeServer.pid) && "code-server",
      standin && alive(standin.pid) && "stand-in",
      backend && alive(backend.pid) && "backend",
    ].filter(Boolean);
    for (const pid of [result.server?.oldPid, result.server?.newPid]) {
      if (pid && ![null, "Z", "X"].includes(processState(pid))) result.leftRunning.push(`language server ${pid}`);
    }
    copyLogs(userData);
    if (!args["keep-temp"]) fs.rmSync(temp, { recursive: true, force: true });
    result.seconds = (Date.now() - started) / 1000;
    fs.writeFileSync(path.join(artifacts, "result.json"), JSON.stringify(result, null, 2) + "\n");
    process.stdout.write(JSON.stringify(result) + "\n");
  }
  return result.ok ? 0 : 1;
}

/** Who to kill if this driver is itself killed (its caller's timeout): code-server's group, the stand-in and the
 * backend. */
function writePids() {
  const pids = {
    codeServerGroup: result.codeServerPid ?? null,
    standin: result.standinPid ?? null,
    backend: result.backendPid ?? null,
  };
  fs.writeFileSync(path.join(artifacts, "pids.json"), JSON.stringify(pids) + "\n");
}

/**
 * With the cursor on the port token: Ctrl+., then the action whose title matches `pattern`, picked with the
 * keyboard (while the menu is open VS Code lays a pointer block over the page). Returns the action's title.
 */
async function takeQuickFix(page, port, pattern, screenshot) {
  const token = await tokenRect(page, port);
  await page.mouse.click(token.x + token.width / 2, token.y + token.height / 2); // cursor on the token
  await page.mouse.move(5, 5); // no hover over the menu
  await page.keyboard.press("Control+.");
  const action = page.locator(".action-widget .monaco-list-row", { hasText: pattern }).first();
  await action.waitFor({ timeout: STEP_MS });
  const title = ((await action.getAttribute("aria-label")) ?? (await action.innerText())).trim();
  await screenshot("quick-fix-menu");
  const rows = await page.locator(".action-widget .monaco-list-row.action").count();
  for (let i = 0; i <= rows; i++) {
    const focused = await page.locator(".action-widget .monaco-list-row.focused").getAttribute("aria-label");
    if (focused !== null && pattern.test(focused)) break;
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Enter");
  return title;
}

/**
 * The Vite stack in the page, after the squiggle: the hover names the stand-in, the Problems row has the code;
 * then the quick fix writes 127.0.0.1 instead of localhost in the proxy target (the message's way out), the
 * person saves, and the squiggle and the row go away (the target now reaches the workspace's backend).
 */
async function viteChecks({ page, step, screenshot }, port, holderPid, viteConfig) {
  const code = "localhost-resolves-elsewhere";
  await step("hover", async () => {
    const token = await tokenRect(page, port);
    await page.mouse.move(token.x + token.width / 2, token.y + token.height / 2);
    // The server's own hover (who answers), below the diagnostic that VS Code shows first.
    const hover = page.locator(".monaco-hover:visible", { hasText: "Answered by" }).first();
    await hover.waitFor({ timeout: STEP_MS });
    result.hover = (await hover.innerText()).trim();
    const marker = hover.locator(".marker.hover-contents").first();
    result.hoverMessage = (await marker.count()) ? (await marker.innerText()).trim() : null;
    if (!result.hover.includes(`ControlCenter (pid ${holderPid}`)) throw new Error(`hover names no stand-in: ${result.hover}`);
    return { text: result.hover, message: result.hoverMessage };
  });

  await step("problems", async () => {
    await page.mouse.move(5, 5);
    await page.keyboard.press("Control+Shift+M");
    const row = page.locator(".markers-panel .monaco-list-row").filter({ hasText: code }).first();
    await row.waitFor({ timeout: STEP_MS });
    result.problem = (await row.innerText()).trim();
    result.problemLabel = await row.getAttribute("aria-label");
    return { text: result.problem, label: result.problemLabel };
  });

  await step("quick-fix", async () => {
    const host = await tokenRect(page, port, "host");
    if (host?.text !== "localhost") throw new Error(`the proxy target's host is ${JSON.stringify(host)}`);
    result.quickFix = await takeQuickFix(page, port, /Target http:\/\/127\.0\.0\.1:\d+/, screenshot);
    // The edit lands in the editor: the target's host now reads 127.0.0.1.
    await page.waitForFunction(
      ([e, p]) => window.__portlintE2E.tokenRect(e, p, "host")?.text === "127.0.0.1",
      [EDITOR, port],
      { timeout: STEP_MS },
    );
    return { title: result.quickFix };
  });

  await step("save", async () => {
    await page.keyboard.press("Control+S");
    const written = `'http://127.0.0.1:${port}'`;
    await until(() => fs.readFileSync(viteConfig, "utf8").includes(written), STEP_MS, () => `${written} not on disk`);
    result.targetOnDisk = written;
    return { written };
  });

  await step("squiggle-gone", async () => {
    await waitForSquiggles(page, port, (s) => s.token !== null && s.all === 0, SQUIGGLE_MS, "error squiggles remain");
    // The server's hover answers from its report of the edited text: the target now meets our backend. Only
    // then is "no squiggle" the final word rather than a moment between two edits.
    const token = await tokenRect(page, port);
    await page.mouse.move(token.x + token.width / 2, token.y + token.height / 2);
    const hover = page.locator(".monaco-hover:visible", { hasText: `connects to 127.0.0.1:${port}` }).first();
    await hover.waitFor({ timeout: STEP_MS });
    result.hoverAfterEdit = (await hover.innerText()).trim();
    await page.mouse.move(5, 5);
    const seen = await squiggles(page, port);
    const rows = await page.locator(".markers-panel .monaco-list-row").filter({ hasText: code }).count();
    if (seen.all !== 0 || rows !== 0) throw new Error(`after the edit: ${JSON.stringify(seen)}, ${rows} ${code} rows`);
    return { ...seen, rows, hover: result.hoverAfterEdit };
  });
}

/** VS Code's own logs (extension host, the extension's output channels) beside the screenshots. */
function copyLogs(userData) {
  const logs = path.join(userData, "logs");
  if (!fs.existsSync(logs)) return;
  try {
    fs.cpSync(logs, path.join(artifacts, "vscode-logs"), { recursive: true });
  } catch (error) {
    log(`copying logs failed: ${error.message}`);
  }
}

process.exitCode = await main();
