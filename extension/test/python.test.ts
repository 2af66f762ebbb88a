import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RunOptions, RunResult, Runner } from "../src/processes";
import {
  VERSION_PROBE,
  choosePython,
  describeNoPython,
  expandHome,
  parseProbe,
  type PythonSources,
} from "../src/python";

/** A fake machine: which commands exist and what each answers to the version probe. */
class FakeRunner implements Runner {
  readonly calls: string[] = [];
  constructor(private readonly answers: Record<string, RunResult>) {}
  async run(command: string, args: readonly string[], _options?: RunOptions): Promise<RunResult> {
    assert.deepEqual(args, VERSION_PROBE);
    this.calls.push(command);
    return this.answers[command] ?? { code: null, stdout: "", stderr: "", failure: "not found" };
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
