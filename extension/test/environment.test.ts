// The private environment's bookkeeping, on a real temporary folder with a fake Python (no pip, no network).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, beforeEach, describe, it } from "node:test";
import { EnvironmentError, environmentFolder, ensureEnvironment, venvPython, type Layout } from "../src/environment";
import type { RunOptions, RunResult, Runner } from "../src/processes";
import type { Python } from "../src/python";

const scratch = mkdtempSync(join(tmpdir(), "portlint-env-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Creates the venv's interpreter file when asked to make a venv; records every call. */
class FakePython implements Runner {
  readonly calls: { command: string; args: readonly string[]; env?: NodeJS.ProcessEnv }[] = [];
  failInstall = false;
  /** Which layout `python -m venv` makes: Windows' Scripts\python.exe or bin/python. */
  constructor(private readonly platform: NodeJS.Platform = process.platform) {}
  async run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult> {
    this.calls.push({ command, args, env: options?.env });
    if (args[0] === "-m" && args[1] === "venv") {
      const python = venvPython(args[3] ?? "", this.platform);
      mkdirSync(dirname(python), { recursive: true });
      writeFileSync(python, "");
    }
    if (this.failInstall && args.includes("install"))
      return { code: 1, stdout: "", stderr: "ERROR: No matching distribution found for psutil" };
    return { code: 0, stdout: "", stderr: "" };
  }
}

const python: Python = { executable: "/usr/bin/python3.12", version: [3, 12], source: "path" };
const quiet = { info: () => undefined, warn: () => undefined };
let layout: Layout;
let progressShown: string[];
const withProgress = (build: (progress: (message: string) => void) => Promise<string>) =>
  build((m) => progressShown.push(m));

function wheels(names: Record<string, string>): void {
  mkdirSync(layout.wheels, { recursive: true });
  for (const [name, content] of Object.entries(names)) writeFileSync(join(layout.wheels, name), content);
}

describe("ensureEnvironment", () => {
  beforeEach(() => {
    const base = mkdtempSync(join(scratch, "case-"));
    layout = {
      storage: join(base, "storage"),
      wheels: join(base, "wheels"),
      distribution: "portlint",
      module: "portlint",
    };
    progressShown = [];
  });

  it("builds a venv without pip and installs offline from the bundled wheels, with progress", async () => {
    wheels({ "portlint-0.1.0-py3-none-any.whl": "w", "pip-26.3-py3-none-any.whl": "p" });
    const runner = new FakePython();
    const interpreter = await ensureEnvironment(python, layout, "0.1.0", runner, quiet, withProgress);
    assert.equal(interpreter, venvPython(environmentFolder(layout.storage)));
    assert.ok(existsSync(interpreter));
    const [venv, install, check] = runner.calls;
    assert.deepEqual(venv?.args.slice(0, 3), ["-m", "venv", "--without-pip"]);
    assert.equal(venv?.command, "/usr/bin/python3.12");
    assert.deepEqual(install?.args, [
      join(layout.wheels, "pip-26.3-py3-none-any.whl", "pip"),
      "install",
      "--no-index",
      "--find-links",
      layout.wheels,
      "--disable-pip-version-check",
      "--no-cache-dir",
      "--no-warn-script-location",
      "portlint",
    ]);
    assert.deepEqual(check?.args, ["-c", "import portlint"]);
    assert.equal(install?.env?.PYTHONPATH, undefined);
    assert.equal(progressShown.length, 2);
    const stamp = JSON.parse(
      readFileSync(join(environmentFolder(layout.storage), "portlint-environment.json"), "utf8"),
    );
    assert.equal(stamp.python, "/usr/bin/python3.12");
  });

  it("reuses the environment while bundle and interpreter stay the same, without progress", async () => {
    wheels({ "portlint-0.1.0-py3-none-any.whl": "w", "pip-26.3-py3-none-any.whl": "p" });
    await ensureEnvironment(python, layout, "0.1.0", new FakePython(), quiet, withProgress);
    progressShown = [];
    const again = new FakePython();
    await ensureEnvironment(python, layout, "0.1.0", again, quiet, withProgress);
    assert.equal(again.calls.length, 0);
    assert.deepEqual(progressShown, []);
  });

  it("rebuilds when the bundled wheels, the extension version or the interpreter change", async () => {
    wheels({ "portlint-0.1.0-py3-none-any.whl": "w", "pip-26.3-py3-none-any.whl": "p" });
    await ensureEnvironment(python, layout, "0.1.0", new FakePython(), quiet, withProgress);
    const rebuilt = async (version: string, interpreter: Python = python): Promise<boolean> => {
      const runner = new FakePython();
      await ensureEnvironment(interpreter, layout, version, runner, quiet, withProgress);
      return runner.calls.length > 0;
    };
    wheels({ "portlint-0.1.0-py3-none-any.whl": "a rebuilt wheel" });
    assert.equal(await rebuilt("0.1.0"), true, "new wheel");
    assert.equal(await rebuilt("0.1.0"), false, "nothing changed");
    assert.equal(await rebuilt("0.2.0"), true, "new extension version");
    assert.equal(
      await rebuilt("0.2.0", { ...python, executable: "/opt/python3.13", version: [3, 13] }),
      true,
      "new interpreter",
    );
  });

  it("says clearly when the extension carries no wheels", async () => {
    await assert.rejects(
      ensureEnvironment(python, layout, "0.1.0", new FakePython(), quiet, withProgress),
      (error: Error) => {
        assert.ok(error instanceof EnvironmentError);
        assert.match(error.message, /carries no portlint server wheels/);
        return true;
      },
    );
  });

  it("reports pip's own words when the install fails, and leaves no half-built environment", async () => {
    wheels({ "portlint-0.1.0-py3-none-any.whl": "w", "pip-26.3-py3-none-any.whl": "p" });
    const runner = new FakePython();
    runner.failInstall = true;
    await assert.rejects(
      ensureEnvironment(python, layout, "0.1.0", runner, quiet, withProgress),
      /Could not install portlint \(exit code 1\)\.\nERROR: No matching distribution found for psutil/,
    );
    assert.equal(existsSync(environmentFolder(layout.storage)), false);
    assert.deepEqual(
      (await import("node:fs")).readdirSync(layout.storage).filter((name) => name.includes("building")),
      [],
    );
  });

  it("on Windows, installs with and returns the environment's Scripts\\python.exe", async () => {
    wheels({ "portlint-0.1.0-py3-none-any.whl": "w", "pip-26.3-py3-none-any.whl": "p" });
    const windowsPython: Python = {
      executable: "C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python312\\python.exe",
      version: [3, 12],
      source: "path",
    };
    const runner = new FakePython("win32");
    const interpreter = await ensureEnvironment(windowsPython, layout, "0.1.0", runner, quiet, withProgress, "win32");
    assert.equal(interpreter, join(environmentFolder(layout.storage), "Scripts", "python.exe"));
    const [venv, install, check] = runner.calls;
    assert.equal(venv?.command, windowsPython.executable);
    assert.match(install?.command ?? "", /Scripts[\\/]python\.exe$/);
    assert.match(check?.command ?? "", /Scripts[\\/]python\.exe$/);
    const again = new FakePython("win32");
    assert.equal(
      await ensureEnvironment(windowsPython, layout, "0.1.0", again, quiet, withProgress, "win32"),
      interpreter,
    );
    assert.equal(again.calls.length, 0, "an environment with Scripts\\python.exe is reused");
  });

  it("knows both layouts of a virtual environment", () => {
    assert.equal(venvPython(join("env"), "win32"), join("env", "Scripts", "python.exe"));
    assert.equal(venvPython(join("env"), "darwin"), join("env", "bin", "python"));
    assert.equal(venvPython(join("env"), "linux"), join("env", "bin", "python"));
  });
});
