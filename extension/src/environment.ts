// The private Python environment in the extension's storage: created with the chosen interpreter and filled
// from the wheels the VSIX carries (no network), rebuilt when the bundle or the interpreter changes.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isolatedEnv, type Runner } from "./processes";
import { formatVersion, type Python } from "./python";

export interface Layout {
  /** The extension's global storage folder. */
  storage: string;
  /** The bundled wheels: the server's, its dependencies' for this platform, and pip's. */
  wheels: string;
  /** The Python distribution to install ("portlint"). */
  distribution: string;
  /** The module whose import proves the install worked. */
  module: string;
}

/** What the environment was built from; a different stamp means build again. */
export interface Stamp {
  bundle: string;
  python: string;
  pythonVersion: string;
}

export type Progress = (message: string) => void;

/** Runs the build inside whatever shows progress (a notification in VS Code); called only when building. */
export type WithProgress = (build: (progress: Progress) => Promise<string>) => PromiseLike<string>;

export interface Log {
  info(message: string): void;
  warn(message: string): void;
}

export class EnvironmentError extends Error {}

const STAMP_FILE = "portlint-environment.json";
const VENV_TIMEOUT_MS = 120_000;
const INSTALL_TIMEOUT_MS = 600_000;

export function environmentFolder(storage: string): string {
  return join(storage, "python-env");
}

export function venvPython(folder: string, platform: NodeJS.Platform = process.platform): string {
  return platform === "win32" ? join(folder, "Scripts", "python.exe") : join(folder, "bin", "python");
}

/** The bundle's identity: the wheels' names and sizes (a rebuilt wheel of the same version differs in size
 * almost always; the extension's version changes with every release anyway). */
export async function bundleStamp(wheels: string, python: Python, extensionVersion: string): Promise<Stamp> {
  const names = (await listWheels(wheels)).sort();
  const hash = createHash("sha256").update(extensionVersion);
  for (const name of names) hash.update(`\n${name}:${(await stat(join(wheels, name))).size}`);
  return {
    bundle: hash.digest("hex").slice(0, 16),
    python: python.executable,
    pythonVersion: formatVersion(python.version),
  };
}

export function sameStamp(a: Stamp | undefined, b: Stamp): boolean {
  return !!a && a.bundle === b.bundle && a.python === b.python && a.pythonVersion === b.pythonVersion;
}

async function listWheels(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => name.endsWith(".whl"));
  } catch {
    return [];
  }
}

async function readStamp(folder: string): Promise<Stamp | undefined> {
  try {
    return JSON.parse(await readFile(join(folder, STAMP_FILE), "utf8")) as Stamp;
  } catch {
    return undefined;
  }
}

/** Returns the environment's interpreter, building the environment first when it is missing or stale. */
export async function ensureEnvironment(
  python: Python,
  layout: Layout,
  extensionVersion: string,
  runner: Runner,
  log: Log,
  withProgress: WithProgress,
  platform: NodeJS.Platform = process.platform,
): Promise<string> {
  const wheels = await listWheels(layout.wheels);
  const pip = wheels.find((name) => /^pip-[^-]+-py3-none-any\.whl$/.test(name));
  if (!wheels.some((name) => name.startsWith(`${layout.distribution}-`)) || !pip) {
    throw new EnvironmentError(
      `This copy of the extension carries no ${layout.distribution} server wheels (looked in ${layout.wheels}). Reinstall the extension for your platform.`,
    );
  }
  const target = environmentFolder(layout.storage);
  const stamp = await bundleStamp(layout.wheels, python, extensionVersion);
  if (sameStamp(await readStamp(target), stamp) && existsSync(venvPython(target, platform))) {
    log.info(`Using the Python environment in ${target}`);
    return venvPython(target, platform);
  }

  return await withProgress((progress) => build(python, layout, target, stamp, pip, runner, log, progress, platform));
}

async function build(
  python: Python,
  layout: Layout,
  target: string,
  stamp: Stamp,
  pip: string,
  runner: Runner,
  log: Log,
  progress: Progress,
  platform: NodeJS.Platform,
): Promise<string> {
  // Build beside the target and move it in at the end, so a half-built environment is never used and two
  // windows starting at once do not install into the same folder.
  const building = `${target}.building-${process.pid}-${Date.now()}`;
  const env = isolatedEnv();
  await mkdir(layout.storage, { recursive: true });
  try {
    progress(`Creating a Python ${formatVersion(python.version)} environment`);
    log.info(`Creating a Python environment with ${python.executable} in ${building}`);
    // --without-pip: no ensurepip needed (Debian ships it apart); pip runs from its bundled wheel instead.
    await must(
      runner,
      python.executable,
      ["-m", "venv", "--without-pip", building],
      env,
      VENV_TIMEOUT_MS,
      "create a virtual environment",
    );
    // Windows: Scripts\python.exe; elsewhere bin/python.
    const interpreter = venvPython(building, platform);
    progress(`Installing ${layout.distribution} from the bundled wheels`);
    const install = [
      "install",
      "--no-index",
      "--find-links",
      layout.wheels,
      "--disable-pip-version-check",
      "--no-cache-dir",
      "--no-warn-script-location",
      layout.distribution,
    ];
    log.info(`${interpreter} ${join(layout.wheels, pip, "pip")} ${install.join(" ")}`);
    const installed = await must(
      runner,
      interpreter,
      [join(layout.wheels, pip, "pip"), ...install],
      env,
      INSTALL_TIMEOUT_MS,
      `install ${layout.distribution}`,
    );
    log.info(installed.trim());
    await must(runner, interpreter, ["-c", `import ${layout.module}`], env, VENV_TIMEOUT_MS, `import ${layout.module}`);
    await writeFile(join(building, STAMP_FILE), JSON.stringify(stamp, null, 2));
    await rm(target, { recursive: true, force: true });
    try {
      await rename(building, target);
    } catch (error) {
      // Another window won the race: its environment is as good as ours when built from the same bundle.
      if (!sameStamp(await readStamp(target), stamp)) throw error;
    }
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  log.info(`Installed ${layout.distribution} into ${target}`);
  return venvPython(target, platform);
}

async function must(
  runner: Runner,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  what: string,
): Promise<string> {
  const result = await runner.run(command, args, { env, timeoutMs });
  if (result.code === 0) return result.stdout;
  const output = `${result.stdout}\n${result.stderr}`.trim();
  throw new EnvironmentError(
    `Could not ${what} (${result.failure ?? `exit code ${result.code}`}).${output ? `\n${output}` : ""}`,
  );
}
