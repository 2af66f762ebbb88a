// Running a program and collecting its output, behind an interface so the callers are tested with fakes.
import { execFile } from "node:child_process";
import { devNull } from "node:os";

export interface RunResult {
  /** The exit code; null when the program could not start or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why the program did not run to its end (not found, timed out), in words. */
  failure?: string;
}

export interface RunOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface Runner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

/** Runs programs directly (no shell, so no quoting of paths with spaces). */
export const nodeRunner: Runner = {
  run(command, args, options = {}) {
    return new Promise((resolve) => {
      execFile(
        command,
        [...args],
        {
          timeout: options.timeoutMs ?? 30_000,
          env: options.env ?? process.env,
          cwd: options.cwd,
          maxBuffer: 16 * 1024 * 1024,
          windowsHide: true,
        },
        (error, stdout, stderr) => {
          if (!error) {
            resolve({ code: 0, stdout, stderr });
            return;
          }
          const failure = describeFailure(error);
          resolve({ code: typeof error.code === "number" ? error.code : null, stdout, stderr, failure });
        },
      );
    });
  },
};

function describeFailure(error: {
  code?: string | number | null;
  killed?: boolean;
  signal?: string | null;
  message: string;
}): string {
  if (error.code === "ENOENT") return "not found";
  if (error.code === "EACCES") return "not executable";
  if (error.killed || error.signal) return "timed out or was killed";
  return typeof error.code === "number" ? `exited with code ${error.code}` : error.message;
}

/** The environment for the server and pip: the user's, without the variables that would make the private
 * environment import someone else's packages or steer pip (a PIP_TARGET, a PIP_USER, an index). */
export function isolatedEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.toUpperCase().startsWith("PIP_") && !DROPPED.has(name.toUpperCase())) clean[name] = value;
  }
  return { ...clean, PYTHONUTF8: "1", PYTHONNOUSERSITE: "1", PIP_NO_INPUT: "1", PIP_CONFIG_FILE: devNull };
}

const DROPPED = new Set(["PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"]);
