// The manifest (package.json) is the one source of truth for names and settings; these tests hold the
// extension's code, the manifest and the server's settings reader together.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { COMMANDS, serverInfo, settingKeys, type Manifest } from "../src/manifest";
import {
  changeKind,
  didChangeConfigurationParams,
  initializationOptions,
  interpreterSetting,
  serverSettings,
  type ConfigurationReader,
} from "../src/settings";

const root = join(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest & Record<string, any>;
const keys = settingKeys(manifest, "portlint");
const properties = manifest.contributes?.configuration?.properties as Record<string, Record<string, any>>;

/** A configuration like VS Code's: workspace values over user values over the manifest's defaults. */
function configuration(user: Record<string, unknown>, workspace: Record<string, unknown> = {}): ConfigurationReader {
  const defaults = Object.fromEntries(
    Object.entries(properties).map(([k, v]) => [k.slice("portlint.".length), v.default]),
  );
  return {
    get: <T>(key: string) => (workspace[key] ?? user[key] ?? defaults[key]) as T | undefined,
    inspect: <T>(key: string) => ({
      globalValue: user[key] as T | undefined,
      defaultValue: defaults[key] as T | undefined,
    }),
  };
}

describe("settings sent to the server", () => {
  it("carry every server setting with its default and nothing only the client uses", () => {
    const settings = serverSettings(keys, configuration({}));
    assert.deepEqual(settings, { live: true, pollInterval: 250, ignoredPorts: [], neverForeign: [], severity: {} });
  });

  it("carry the user's values, as initializationOptions and as didChangeConfiguration", () => {
    const config = configuration({
      ignoredPorts: [5000],
      severity: { "port-claimed-twice": "off" },
      interpreter: "/x/python",
    });
    const settings = serverSettings(keys, config);
    assert.deepEqual(initializationOptions(settings), {
      settings: {
        live: true,
        pollInterval: 250,
        ignoredPorts: [5000],
        neverForeign: [],
        severity: { "port-claimed-twice": "off" },
      },
    });
    assert.deepEqual(didChangeConfigurationParams("portlint", settings), { settings: { portlint: settings } });
    assert.ok(!("interpreter" in settings));
  });

  it("are all keys the server reads (server/portlint/lsp/settings.py KNOWN_KEYS)", () => {
    const source = readFileSync(join(root, "server/portlint/lsp/settings.py"), "utf8");
    const known = /KNOWN_KEYS = frozenset\(\s*\{([^}]*)\}/.exec(source)?.[1] ?? "";
    const serverKeys = [...known.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    assert.ok(serverKeys.length > 3, "KNOWN_KEYS not found in settings.py");
    for (const key of Object.keys(serverSettings(keys, configuration({})))) assert.ok(serverKeys.includes(key), key);
  });

  it("name one severity per finding code (server/portlint/core/codes.py)", () => {
    const source = readFileSync(join(root, "server/portlint/core/codes.py"), "utf8");
    const codes = [...source.matchAll(/^[A-Z_]+ = "([a-z-]+)"$/gm)].map((m) => m[1]);
    assert.deepEqual(Object.keys(properties["portlint.severity"]?.properties ?? {}).sort(), codes.sort());
  });

  it("default pollInterval as the server does", () => {
    const source = readFileSync(join(root, "server/portlint/lsp/settings.py"), "utf8");
    assert.equal(properties["portlint.pollInterval"]?.default, Number(/DEFAULT_POLL_MS = (\d+)/.exec(source)?.[1]));
  });
});

describe("the interpreter setting", () => {
  it("comes from user settings only, never from a workspace", () => {
    assert.equal(interpreterSetting(configuration({}, { interpreter: "/evil/python" })), undefined);
    assert.equal(
      interpreterSetting(configuration({ interpreter: " /usr/bin/python3.12 " }, { interpreter: "/evil/python" })),
      "/usr/bin/python3.12",
    );
  });

  it("is machine-scoped and restricted in untrusted workspaces", () => {
    assert.equal(properties["portlint.interpreter"]?.scope, "machine");
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, "limited");
    assert.deepEqual(untrusted.restrictedConfigurations, ["portlint.interpreter"]);
  });

  it("restarts the server when it changes; other server settings are sent; client-only ones are not", () => {
    const affects = (changed: string) => (section: string) => section === changed;
    assert.equal(changeKind("portlint", keys, affects("portlint.interpreter")), "restart");
    assert.equal(changeKind("portlint", keys, affects("portlint.ignoredPorts")), "notify");
    assert.equal(changeKind("portlint", keys, affects("portlint.trace.server")), "none");
    assert.equal(changeKind("portlint", keys, affects("editor.fontSize")), "none");
  });
});

describe("the manifest", () => {
  it("gives the server's names in serverInfo", () => {
    const info = serverInfo(manifest);
    assert.deepEqual(
      { id: info.id, module: info.module, minimumPython: info.minimumPython, version: info.version },
      { id: "portlint", module: "portlint", minimumPython: [3, 10], version: manifest.version },
    );
    assert.throws(() => serverInfo({ serverInfo: { id: "x" } }), /serverInfo\.name is missing/);
  });

  it("contributes exactly the commands the extension registers, each an activation event", () => {
    const contributed = (manifest.contributes?.commands ?? []).map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    for (const command of contributed) assert.ok(manifest.activationEvents.includes(`onCommand:${command}`), command);
  });

  it("describes every setting and gives it a default and a scope", () => {
    for (const [key, property] of Object.entries(properties)) {
      assert.ok(property.description || property.markdownDescription, `${key} has no description`);
      assert.ok("default" in property, `${key} has no default`);
      assert.ok(property.scope, `${key} has no scope`);
    }
    assert.deepEqual(keys.sort(), [
      "ignoredPorts",
      "interpreter",
      "live",
      "neverForeign",
      "pollInterval",
      "severity",
      "trace.server",
    ]);
  });

  it("runs on the VS Code of code-server 4.100.3", () => {
    assert.equal(manifest.engines.vscode, "^1.100.0");
  });
});
