import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RunOptions, RunResult, Runner } from "../src/processes";
import {
  VERSION_PROBE,
  choosePython,
  defaultPathNames,
  describeNoPython,
  expandHome,
  parseProbe,
  type PythonSources,
} from "../src/python";

/** A fake machine: which commands exist and what each answers to the version probe. A command that takes
 * arguments before the probe (`py -3`) is keyed with them. */
class FakeRunner implements Runner {
  readonly calls: string[] = [];
  constructor(private readonly answers: Record<string, RunResult>) {}
  async run(command: string, args: readonly string[], _options?: RunOptions): Promise<RunResult> {
    assert.deepEqual(args.slice(args.length - VERSION_PROBE.length), VERSION_PROBE);
    const key = [command, ...args.slice(0, args.length - VERSION_PROBE.length)].join(" ");
    this.calls.push(key);
    return this.answers[key] ?? { code: null, stdout: "", stderr: "", failure: "not found" };
  }
}

const python = (major: number, minor: number, executable: string): RunResult => ({
  code: 0,
  stdout: `(${major}, ${minor})\n${executable}\n`,
  stderr: "",
});

function sources(over: Partial<PythonSources> = {}): PythonSources {
  return {
    setting: () => undefined,
    pythonExtension: async () => undefined,
    pathNames: ["python3", "python"],
    ...over,
  };
}

const MIN = [3, 10] as const;

describe("choosePython", () => {
  it("uses the interpreter setting when it is new enough", async () => {
    const runner = new FakeRunner({
      "/opt/py/bin/python": python(3, 12, "/opt/py/bin/python3.12"),
      python3: python(3, 11, "/usr/bin/python3"),
    });
    const choice = await choosePython(sources({ setting: () => "/opt/py/bin/python" }), runner, MIN);
    assert.ok(choice.ok);
    assert.deepEqual(choice.python, { executable: "/opt/py/bin/python3.12", version: [3, 12], source: "setting" });
    assert.deepEqual(runner.calls, ["/opt/py/bin/python"]);
  });

  it("does not fall back when the setting names an unusable interpreter, and says so", async () => {
    const runner = new FakeRunner({
      "/old/python": python(3, 8, "/old/python"),
      python3: python(3, 12, "/usr/bin/python3"),
    });
    const choice = await choosePython(sources({ setting: () => "/old/python" }), runner, MIN);
    assert.ok(!choice.ok);
    assert.equal(choice.fromSetting, true);
    const message = describeNoPython(choice, MIN);
    assert.match(message, /portlint\.interpreter/);
    assert.match(message, /\/old\/python is Python 3\.8, older than 3\.10/);
  });

  it("prefers the Python extension's environment over PATH", async () => {
    const runner = new FakeRunner({
      "/work/.venv/bin/python": python(3, 13, "/work/.venv/bin/python"),
      python3: python(3, 11, "/usr/bin/python3"),
    });
    const choice = await choosePython(sources({ pythonExtension: async () => "/work/.venv/bin/python" }), runner, MIN);
    assert.ok(choice.ok);
    assert.equal(choice.python.source, "python-extension");
    assert.equal(choice.python.executable, "/work/.venv/bin/python");
  });

  it("skips a too-old environment and a missing python3, and takes python from PATH", async () => {
    const runner = new FakeRunner({
      "/env/py39": python(3, 9, "/env/py39"),
      python: python(3, 10, "/usr/local/bin/python"),
    });
    const choice = await choosePython(sources({ pythonExtension: async () => "/env/py39" }), runner, MIN);
    assert.ok(choice.ok);
    assert.deepEqual(choice.python, { executable: "/usr/local/bin/python", version: [3, 10], source: "path" });
    assert.deepEqual(
      choice.rejected.map((r) => `${r.candidate.command}: ${r.reason}`),
      ["/env/py39: is Python 3.9, older than 3.10", "python3: not found"],
    );
  });

  it("survives a Python extension whose API throws", async () => {
    const runner = new FakeRunner({ python3: python(3, 12, "/usr/bin/python3") });
    const choice = await choosePython(
      sources({ pythonExtension: async () => Promise.reject(new Error("not ready")) }),
      runner,
      MIN,
    );
    assert.ok(choice.ok);
    assert.equal(choice.python.executable, "/usr/bin/python3");
    assert.match(choice.rejected[0]?.reason ?? "", /not ready/);
  });

  it("names everything it tried when nothing fits", async () => {
    const runner = new FakeRunner({
      python: {
        code: 9009,
        stdout: "",
        stderr: "Python was not found; run without arguments to install from the Microsoft Store",
      },
    });
    const choice = await choosePython(sources(), runner, MIN);
    assert.ok(!choice.ok);
    const message = describeNoPython(choice, MIN);
    assert.match(message, /needs Python 3\.10 or newer/);
    assert.match(message, /python3 not found/);
    assert.match(message, /python Python was not found/);
    assert.match(message, /set portlint\.interpreter/);
  });

  it("rejects a program that answers, but not like Python", async () => {
    const runner = new FakeRunner({
      python3: { code: 0, stdout: "hello\n", stderr: "" },
      python: python(3, 11, "/usr/bin/python"),
    });
    const choice = await choosePython(sources(), runner, MIN);
    assert.ok(choice.ok);
    assert.match(choice.rejected[0]?.reason ?? "", /did not answer like Python/);
  });
});

describe("parseProbe", () => {
  it("reads the version tuple and the executable", () => {
    assert.deepEqual(parseProbe("(3, 12)\r\nC:\\Python312\\python.exe\r\n"), {
      version: [3, 12],
      executable: "C:\\Python312\\python.exe",
    });
    assert.equal(parseProbe("Python 3.12.1"), undefined);
    assert.equal(parseProbe(""), undefined);
  });
});

describe("expandHome", () => {
  it("expands ~ and ${userHome} only at the start or as the variable", () => {
    assert.equal(expandHome("~/.pyenv/shims/python", "/home/me"), "/home/me/.pyenv/shims/python");
    assert.equal(expandHome("${userHome}/py/bin/python", "/home/me"), "/home/me/py/bin/python");
    assert.equal(expandHome("/opt/a~b/python", "/home/me"), "/opt/a~b/python");
  });
});

describe("on Windows", () => {
  // What Windows answers: python.org's installer puts the `py` launcher on PATH; `python` and `python3` may be
  // the Microsoft Store's stand-ins (App Execution Aliases), which exit with 9009 and say where to get Python.
  const STORE_STUB: RunResult = {
    code: 9009,
    stdout: "",
    stderr:
      "Python was not found; run without arguments to install from the Microsoft Store, or disable this shortcut from Settings > Manage App Execution Aliases.",
  };
  const windows = (over: Partial<PythonSources> = {}): PythonSources =>
    sources({ pathNames: defaultPathNames("win32"), ...over });
  const LAUNCHED = "C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python312\\python.exe";

  it("tries the py launcher for Python 3 first, then python and python3", () => {
    assert.deepEqual(defaultPathNames("win32"), ["py -3", "python", "python3"]);
    assert.deepEqual(defaultPathNames("darwin"), ["python3", "python"]);
    assert.deepEqual(defaultPathNames("linux"), ["python3", "python"]);
  });

  it("takes `py -3` and keeps the interpreter's own path, not the launcher's", async () => {
    const runner = new FakeRunner({ "py -3": python(3, 12, LAUNCHED), python: STORE_STUB });
    const choice = await choosePython(windows(), runner, MIN);
    assert.ok(choice.ok);
    assert.deepEqual(choice.python, { executable: LAUNCHED, version: [3, 12], source: "path" });
    assert.deepEqual(runner.calls, ["py -3"]);
  });

  it("skips the Store's stand-in and a missing launcher, and says what was tried", async () => {
    const runner = new FakeRunner({ python: STORE_STUB, python3: STORE_STUB });
    const choice = await choosePython(windows(), runner, MIN);
    assert.ok(!choice.ok);
    const message = describeNoPython(choice, MIN);
    assert.match(message, /py -3 not found/);
    assert.match(message, /python Python was not found; run without arguments to install from the Microsoft Store/);
    assert.deepEqual(runner.calls, ["py -3", "python", "python3"]);
  });

  it("passes over a launcher whose newest Python 3 is too old", async () => {
    const runner = new FakeRunner({
      "py -3": python(3, 8, "C:\\Python38\\python.exe"),
      python: python(3, 11, "C:\\Python311\\python.exe"),
    });
    const choice = await choosePython(windows(), runner, MIN);
    assert.ok(choice.ok);
    assert.equal(choice.python.executable, "C:\\Python311\\python.exe");
    assert.match(choice.rejected[0]?.reason ?? "", /is Python 3\.8, older than 3\.10/);
  });

  it("uses a virtual environment's Scripts\\python.exe from the Python extension", async () => {
    const venv = "C:\\work\\api\\.venv\\Scripts\\python.exe";
    const runner = new FakeRunner({ [venv]: python(3, 13, venv), "py -3": python(3, 12, LAUNCHED) });
    const choice = await choosePython(windows({ pythonExtension: async () => venv }), runner, MIN);
    assert.ok(choice.ok);
    assert.deepEqual(choice.python, { executable: venv, version: [3, 13], source: "python-extension" });
  });

  it("expands ~\\ in the interpreter setting with the Windows home folder", async () => {
    const home = "C:\\Users\\me";
    assert.equal(expandHome("~\\py\\Scripts\\python.exe", home), "C:\\Users\\me\\py\\Scripts\\python.exe");
    assert.equal(expandHome("${userHome}\\py\\python.exe", home), "C:\\Users\\me\\py\\python.exe");
  });
});
