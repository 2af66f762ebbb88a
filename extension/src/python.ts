// Which Python starts the server: the portlint.interpreter setting, else the Python extension's active
// environment, else the usual commands on PATH (on Windows the `py -3` launcher first) — the first that runs
// and is new enough.
import { homedir } from "node:os";
import type { Runner } from "./processes";

export type PythonSource = "setting" | "python-extension" | "path";

export interface Candidate {
  command: string;
  /** Arguments that come before the probe's (`-3` for Windows' `py` launcher). */
  args?: readonly string[];
  source: PythonSource;
}

export interface Python {
  /** The interpreter's own sys.executable: an absolute path, stable across PATH changes. */
  executable: string;
  version: readonly [number, number];
  source: PythonSource;
}

export interface Rejected {
  candidate: Candidate;
  reason: string;
}

export type Choice =
  { ok: true; python: Python; rejected: Rejected[] } | { ok: false; rejected: Rejected[]; fromSetting: boolean };

/** Where candidates come from; the extension passes the real ones, tests pass fakes. */
export interface PythonSources {
  /** portlint.interpreter, from user settings only (never a workspace's). */
  setting(): string | undefined;
  /** The Python extension's active environment, or undefined when that extension is absent or has none. */
  pythonExtension(): Promise<string | undefined>;
  /** Commands looked up on PATH, in order; a word after the name is an argument (`py -3`). */
  pathNames: readonly string[];
}

/** The commands tried on PATH. Windows: the `py` launcher asked for its newest Python 3 (python.org's installer
 * puts it on PATH; `python`/`python3` may be the Microsoft Store's stand-in, which only prints where to get
 * Python), then `python` and `python3`. Elsewhere `python3`, then `python`. */
export function defaultPathNames(platform: NodeJS.Platform = process.platform): readonly string[] {
  return platform === "win32" ? ["py -3", "python", "python3"] : ["python3", "python"];
}

function fromPath(name: string): Candidate {
  const [command = name, ...args] = name.trim().split(/\s+/);
  return args.length ? { command, args, source: "path" } : { command, source: "path" };
}

/** How a candidate reads in messages: the command as typed. */
export function candidateText(candidate: Candidate): string {
  return [candidate.command, ...(candidate.args ?? [])].join(" ");
}

export type Version = readonly [number, number];

// The check the issue names; the second line gives the absolute path behind a bare `python3`.
export const VERSION_PROBE = ["-c", "import sys; print(sys.version_info[:2]); print(sys.executable)"] as const;
const PROBE_TIMEOUT_MS = 15_000;

export async function choosePython(sources: PythonSources, runner: Runner, minimum: Version): Promise<Choice> {
  const rejected: Rejected[] = [];
  const setting = sources.setting()?.trim();
  if (setting) {
    // The user named an interpreter: use it or say why not; quietly using another would surprise.
    const result = await checkPython({ command: expandHome(setting), source: "setting" }, runner, minimum);
    return "reason" in result
      ? { ok: false, rejected: [result], fromSetting: true }
      : { ok: true, python: result, rejected };
  }
  const candidates: Candidate[] = [];
  let fromExtension: string | undefined;
  try {
    fromExtension = await sources.pythonExtension();
  } catch (error) {
    rejected.push({ candidate: { command: "(Python extension)", source: "python-extension" }, reason: String(error) });
  }
  if (fromExtension) candidates.push({ command: fromExtension, source: "python-extension" });
  for (const name of sources.pathNames) candidates.push(fromPath(name));
  for (const candidate of candidates) {
    const result = await checkPython(candidate, runner, minimum);
    if (!("reason" in result)) return { ok: true, python: result, rejected };
    rejected.push(result);
  }
  return { ok: false, rejected, fromSetting: false };
}

export async function checkPython(candidate: Candidate, runner: Runner, minimum: Version): Promise<Python | Rejected> {
  const result = await runner.run(candidate.command, [...(candidate.args ?? []), ...VERSION_PROBE], {
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  if (result.code !== 0) {
    const detail = result.failure ?? (result.stderr.trim().split("\n").pop() || `exited with code ${result.code}`);
    return { candidate, reason: detail };
  }
  const probe = parseProbe(result.stdout);
  if (!probe) return { candidate, reason: `did not answer like Python: ${JSON.stringify(result.stdout.slice(0, 80))}` };
  if (compareVersions(probe.version, minimum) < 0) {
    return { candidate, reason: `is Python ${formatVersion(probe.version)}, older than ${formatVersion(minimum)}` };
  }
  return { executable: probe.executable || candidate.command, version: probe.version, source: candidate.source };
}

/** Reads "(3, 12)\n/usr/bin/python3\n". */
export function parseProbe(stdout: string): { version: Version; executable: string } | undefined {
  const [first = "", second = ""] = stdout.trim().split(/\r?\n/);
  const match = /^\((\d+),\s*(\d+)\)$/.exec(first.trim());
  if (!match) return undefined;
  return { version: [Number(match[1]), Number(match[2])], executable: second.trim() };
}

export function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)/.exec(text.trim());
  if (!match) throw new Error(`not a Python version: ${text}`);
  return [Number(match[1]), Number(match[2])];
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function formatVersion(version: Version): string {
  return `${version[0]}.${version[1]}`;
}

export function expandHome(path: string, home: string = homedir()): string {
  if (path === "~") return home;
  if (path.startsWith("~/") || path.startsWith("~\\")) return home + path.slice(1);
  return path.replace(/\$\{userHome\}/g, home);
}

/** What a person reads when no interpreter fits: what was tried, and what to do. */
export function describeNoPython(choice: { rejected: Rejected[]; fromSetting: boolean }, minimum: Version): string {
  const wanted = `Python ${formatVersion(minimum)} or newer`;
  const tried = choice.rejected.map((r) => `${candidateText(r.candidate)} ${r.reason}`).join("; ");
  if (choice.fromSetting) {
    return `portlint cannot start its server with the interpreter in the portlint.interpreter setting: ${tried}. Set it to ${wanted}, or clear it to let portlint look for one.`;
  }
  return `portlint needs ${wanted} to run its server and found none (${tried || "nothing to try"}). Install ${wanted}, or set portlint.interpreter to one.`;
}
