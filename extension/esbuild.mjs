// Bundles the extension (dist/extension.js) or the unit tests (dist/test/*.test.js) with esbuild.
//   node extension/esbuild.mjs [--production] [--watch] [--tests]
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const flags = new Set(process.argv.slice(2));
const production = flags.has("--production");

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["vscode"], // provided by the editor at run time
  logLevel: "info",
  absWorkingDir: root,
};

const options = flags.has("--tests")
  ? {
      ...common,
      // Each test file is its own bundle, run by node's test runner; the code under test imports no `vscode`.
      entryPoints: readdirSync(join(root, "extension/test"))
        .filter((name) => name.endsWith(".test.ts"))
        .map((name) => `extension/test/${name}`),
      outdir: "dist/test",
      sourcemap: "inline",
    }
  : {
      ...common,
      entryPoints: ["extension/src/extension.ts"],
      outfile: "dist/extension.js",
      minify: production,
      sourcemap: production ? false : "linked",
    };

if (flags.has("--watch")) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
