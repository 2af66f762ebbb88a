#!/usr/bin/env node
// One headless Chromium (Debian's, via playwright-core) answering fetch() questions as JSON lines.
//
//   node driver.mjs --tools DIR [--chromium /usr/bin/chromium]
//
// Prints {"ready": true, "version": "..."} once the browser runs. Then reads one JSON request a line on stdin:
//   {"page": "http://localhost:P/", "url": "...", "method": "POST", "headers": {...}, "credentials": true,
//    "body": "..." | null}
// and answers one JSON line: {"ok": bool, "status": int | null, "error": str | null, "console": [str]}.
// Each request gets a fresh browser context (no cookies, no preflight cache carried over). The console
// messages are the page's own (Chromium's CORS errors arrive as console errors, after the fetch settles):
// when the fetch rejects, the answer waits for Chromium's "... blocked by CORS policy" message naming the URL,
// or its "Failed to load resource" for the URL (which Blink logs after any CORS reason), bounded by a hang
// guard only (`guardFired`: neither came). stdin closing ends the browser.

import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    tools: { type: "string" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    "guard-ms": { type: "string", default: "15000" },
  },
});
if (!args.tools) throw new Error("--tools is required (the folder holding playwright-core)");
const GUARD_MS = Number(args["guard-ms"]);
const { chromium } = createRequire(path.join(args.tools, "package.json"))("playwright-core");

const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run"],
});
const say = (object) => process.stdout.write(JSON.stringify(object) + "\n");
say({ ready: true, version: browser.version() });

/** The page's console messages, and a promise for the first one `matches` accepts. */
function consoleOf(page) {
  const messages = [];
  const waiters = [];
  page.on("console", (message) => {
    const entry = { type: message.type(), text: message.text(), url: message.location().url };
    messages.push(entry);
    for (const waiter of waiters) if (waiter.matches(entry)) waiter.resolve(true);
  });
  const seen = (matches) =>
    messages.some(matches)
      ? Promise.resolve(true)
      : new Promise((resolve) => waiters.push({ matches, resolve }));
  return { messages, seen };
}

function guard(ms) {
  let timer;
  const promise = new Promise((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

async function answer(request) {
  const context = await browser.newContext();
  const target = new URL(request.url).href; // as Chromium spells it in its messages
  try {
    const page = await context.newPage();
    const console_ = consoleOf(page);
    await page.goto(request.page);
    const outcome = await page.evaluate(async ({ url, method, headers, credentials, body }) => {
      const init = { method, headers, mode: "cors", credentials: credentials ? "include" : "same-origin" };
      if (body !== null && body !== undefined) init.body = body;
      try {
        const response = await fetch(url, init);
        await response.text();
        return { ok: true, status: response.status, error: null };
      } catch (error) {
        return { ok: false, status: null, error: `${error.name}: ${error.message}` };
      }
    }, request);
    let guardFired = false;
    if (!outcome.ok) {
      const hang = guard(GUARD_MS);
      // Blink logs the CORS reason, then "Failed to load resource" (located at the resource's URL): the first
      // of the two for this URL ends the wait; a failure that is not CORS only ever logs the second.
      const said = console_.seen(
        (m) =>
          (m.text.includes("blocked by CORS policy") && m.text.includes(`'${target}'`)) ||
          (m.text.startsWith("Failed to load resource") && m.url === target),
      );
      guardFired = !(await Promise.race([said, hang.promise]));
      hang.cancel();
    }
    return { ...outcome, guardFired, console: console_.messages.filter((m) => m.type === "error").map((m) => m.text) };
  } finally {
    await context.close();
  }
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  try {
    say(await answer(JSON.parse(line)));
  } catch (error) {
    say({ ok: false, status: null, error: `driver: ${error.stack || error}`, guardFired: false, console: [] });
  }
}
await browser.close();
