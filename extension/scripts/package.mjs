// Builds the per-platform VSIX: the portlint server wheel and its dependencies' wheels for one platform
// (psutil, watchdog, tree-sitter and msgspec are native), then `vsce package --target`.
//
//   node extension/scripts/package.mjs [--target linux-x64 ...] [--python-versions 3.10,3.11,3.12,3.13] [--verify]
//   node extension/scripts/package.mjs --target darwin-arm64 ... --wheels-only DIR
//
// --verify installs the bundle offline into a throwaway environment of each python3.X found here (for the
// target this machine is), as the extension will, and imports the server.
// --wheels-only DIR downloads each target's bundle into DIR/<target>/, exactly as for the VSIX, and stops there
// (no VSIX, dist/ untouched): tests/packaging checks the wheels' platform tags this way.
//
// PORTLINT_BUILD_PYTHON names the Python that runs pip (default: .venv/bin/python, else python3).
// Output: dist/portlint-<target>.vsix. The wheels are staged in dist/bundled/wheels (see package.json
// serverInfo.wheels), emptied for each target.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);
const manifest = require(join(root, "package.json"));

// VS Code target -> pip platform tags. manylinux2014 (glibc 2.17) and macOS 11 / 10.13 keep old systems in;
// pip also accepts the older tags each of these implies.
const PLATFORMS = {
  "linux-x64": ["manylinux2014_x86_64"],
  "linux-arm64": ["manylinux2014_aarch64"],
  "darwin-arm64": ["macosx_11_0_arm64"],
  "darwin-x64": ["macosx_10_13_x86_64"],
  "win32-x64": ["win_amd64"],
};
const DEFAULT_PYTHON_VERSIONS = ["3.10", "3.11", "3.12", "3.13"];
const MISSING = join(root, "extension", "scripts", "missing_requirements.py");

function parseArgs(argv) {
  const targets = [];
  let versions = DEFAULT_PYTHON_VERSIONS;
  let check = false;
  let wheelsOnly;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--target") targets.push(argv[++i]);
    else if (argv[i] === "--verify") check = true;
    else if (argv[i] === "--wheels-only") wheelsOnly = argv[++i];
    else if (argv[i] === "--python-versions") versions = argv[++i].split(",").map((v) => v.trim());
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  for (const target of targets) {
    if (!PLATFORMS[target]) throw new Error(`unknown target ${target}; known: ${Object.keys(PLATFORMS).join(", ")}`);
  }
  return { targets: targets.length ? targets : ["linux-x64"], versions, check, wheelsOnly };
}

function run(command, args, options = {}) {
  console.log(`$ ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} failed (${result.error?.message ?? `exit code ${result.status}`})`);
  }
}

function buildPython() {
  if (process.env.PORTLINT_BUILD_PYTHON) return process.env.PORTLINT_BUILD_PYTHON;
  const venv = join(root, ".venv", process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
  return existsSync(venv) ? venv : "python3";
}

/** The builder's own pip configuration (a mirror, a certificate) applies; only prompts are off. */
function pipEnv() {
  return { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1", PIP_NO_INPUT: "1" };
}

function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

/** Downloads the wheels one Python version needs on one target, markers included (see
 * missing_requirements.py for why pip alone is not enough). */
function downloadFor(python, env, target, version, wheels, requirements) {
  const flags = [
    "--quiet",
    "--only-binary=:all:",
    ...PLATFORMS[target].flatMap((tag) => ["--platform", tag]),
    "--implementation",
    "cp",
    "--python-version",
    version,
    "--dest",
    wheels,
  ];
  run(python, ["-m", "pip", "download", ...flags, ...requirements], { env });
  for (let round = 0; round < 5; round++) {
    const missing = capture(python, [MISSING, wheels, version, target], { env }).split("\n").filter(Boolean);
    if (missing.length === 0) return;
    run(python, ["-m", "pip", "download", ...flags, ...missing], { env });
  }
  throw new Error(`the wheels for ${target} / Python ${version} still miss requirements after 5 rounds`);
}

/** python3.X on PATH, else one that pyenv keeps (its shims answer only for the selected versions). */
function localPython(version) {
  const candidates = [`python${version}`];
  const pyenv = process.env.PYENV_ROOT ?? join(homedir(), ".pyenv");
  const versionsDir = join(pyenv, "versions");
  if (existsSync(versionsDir)) {
    for (const name of readdirSync(versionsDir)
      .filter((n) => n.startsWith(`${version}.`))
      .sort()
      .reverse()) {
      candidates.push(join(versionsDir, name, "bin", `python${version}`));
    }
  }
  return candidates.find((python) => spawnSync(python, ["--version"]).status === 0);
}

/** Installs the bundle offline, as the extension does, into a throwaway environment of each local Python
 * whose version the bundle is for. Only possible for the platform this runs on. */
function verify(target, versions, wheels) {
  const host = `${process.platform}-${process.arch}`;
  if (host !== target) {
    console.log(`verify: skipped for ${target} (this machine is ${host})`);
    return;
  }
  const pip = readdirSync(wheels).find((name) => /^pip-.*\.whl$/.test(name));
  for (const version of versions) {
    const python = localPython(version);
    if (!python) {
      console.log(`verify: no Python ${version} here, skipped`);
      continue;
    }
    const venv = mkdtempSync(join(tmpdir(), `portlint-verify-${version}-`));
    try {
      run(python, ["-m", "venv", "--without-pip", venv]);
      const venvPython = join(venv, "bin", "python");
      run(venvPython, [
        join(wheels, pip, "pip"),
        "install",
        "--quiet",
        "--no-index",
        "--find-links",
        wheels,
        "--disable-pip-version-check",
        manifest.serverInfo.module,
      ]);
      run(venvPython, [
        "-c",
        "import portlint.lsp.server, psutil, watchdog.observers, msgspec, tree_sitter_json, tree_sitter_python, tree_sitter_javascript, yaml; print('ok')",
      ]);
      console.log(`verify: Python ${version} installs and imports the bundle`);
    } finally {
      rmSync(venv, { recursive: true, force: true });
    }
  }
}

function main() {
  const { targets, versions, check, wheelsOnly } = parseArgs(process.argv.slice(2));
  const python = buildPython();
  const env = pipEnv();
  const wheels = join(root, manifest.serverInfo.wheels);
  const scratch = mkdtempSync(join(tmpdir(), "portlint-wheel-"));
  try {
    // The server itself: one pure-Python wheel for every target.
    run(python, ["-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", scratch, root], { env });
    const server = readdirSync(scratch).find(
      (name) => name.startsWith(`${manifest.serverInfo.module}-`) && name.endsWith(".whl"),
    );
    if (!server) throw new Error(`pip wheel made no ${manifest.serverInfo.module} wheel`);

    for (const target of targets) {
      const folder = wheelsOnly ? join(wheelsOnly, target) : wheels;
      rmSync(folder, { recursive: true, force: true });
      mkdirSync(folder, { recursive: true });
      // One download per Python version: some dependencies ship a wheel per CPython version
      // (tree-sitter, msgspec), others one abi3 wheel (psutil, the grammars); --find-links picks the right ones.
      for (const version of versions) downloadFor(python, env, target, version, folder, [join(scratch, server), "pip"]);
      if (wheelsOnly) {
        console.log(`${target}: ${readdirSync(folder).length} wheels in ${folder}`);
        continue;
      }
      if (check) verify(target, versions, wheels);
      const bundled = readdirSync(wheels).sort();
      console.log(`${target}: ${bundled.length} wheels\n  ${bundled.join("\n  ")}`);
      const output = join(root, "dist", `${manifest.name}-${target}.vsix`);
      rmSync(output, { force: true });
      run(process.execPath, [
        require.resolve("@vscode/vsce/vsce"),
        "package",
        "--target",
        target,
        "--out",
        output,
        "--no-dependencies",
      ]);
      console.log(`${output}: ${(statSync(output).size / 1024 / 1024).toFixed(1)} MiB`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(`package: ${error.message}`);
  process.exit(1);
}
