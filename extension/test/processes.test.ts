import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { serverArgs, serverLogLevel } from "../src/launch";
import { isolatedEnv, nodeRunner } from "../src/processes";

describe("nodeRunner", () => {
  it("returns a real program's output and exit code", async () => {
    const ok = await nodeRunner.run(process.execPath, ["-e", "process.stdout.write('hi'); process.stderr.write('x')"]);
    assert.deepEqual(ok, { code: 0, stdout: "hi", stderr: "x" });
    const failed = await nodeRunner.run(process.execPath, ["-e", "process.exit(3)"]);
    assert.equal(failed.code, 3);
  });

  it("says 'not found' for a program that does not exist", async () => {
    const result = await nodeRunner.run("portlint-no-such-python-3.99", ["--version"]);
    assert.equal(result.code, null);
    assert.equal(result.failure, "not found");
  });

  it("stops a program that outlives its time limit", async () => {
    const result = await nodeRunner.run(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { timeoutMs: 200 });
    assert.notEqual(result.code, 0);
    assert.equal(result.failure, "timed out or was killed");
  });
});

describe("isolatedEnv", () => {
  it("drops what would let someone else's packages or pip settings in", () => {
    const env = isolatedEnv({
      PATH: "/usr/bin",
      PYTHONPATH: "/elsewhere",
      VIRTUAL_ENV: "/v",
      PIP_TARGET: "/t",
      pip_user: "1",
      HOME: "/h",
    });
    assert.equal(env.PATH, "/usr/bin");
    assert.equal(env.HOME, "/h");
    for (const name of ["PYTHONPATH", "VIRTUAL_ENV", "PIP_TARGET", "pip_user"])
      assert.equal(env[name], undefined, name);
    assert.equal(env.PYTHONNOUSERSITE, "1");
  });
});

describe("the server's command line", () => {
  it("follows the log channel's level", () => {
    // vscode.LogLevel: Off 0, Trace 1, Debug 2, Info 3, Warning 4, Error 5
    assert.deepEqual([0, 1, 2, 3, 4, 5].map(serverLogLevel), ["error", "debug", "debug", "info", "warning", "error"]);
    assert.deepEqual(serverArgs("portlint", "info"), ["-m", "portlint", "serve", "--log-level", "info"]);
  });
});
