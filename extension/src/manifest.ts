// The one source of truth for names: the `serverInfo` block and the contributed settings of package.json.
import { parseVersion, type Version } from "./python";

/** The commands package.json contributes (a unit test holds the two together). */
export const COMMANDS = {
  showPortMap: "portlint.showPortMap",
  recheck: "portlint.recheck",
  restart: "portlint.restart",
  showLogs: "portlint.showLogs",
} as const;

export interface ServerInfo {
  /** The extension's id for settings, commands and the output channel ("portlint"). */
  id: string;
  /** What a person reads. */
  name: string;
  /** The Python module that runs the server: `python -m <module> serve`. */
  module: string;
  minimumPython: Version;
  /** Where the bundled wheels sit, relative to the extension's folder. */
  wheels: string;
  /** The extension's version: a new one means new wheels. */
  version: string;
}

export interface Manifest {
  version?: unknown;
  serverInfo?: Record<string, unknown>;
  contributes?: { configuration?: { properties?: Record<string, unknown> }; commands?: { command: string }[] };
}

export function serverInfo(manifest: Manifest): ServerInfo {
  const info = manifest.serverInfo ?? {};
  const text = (key: string): string => {
    const value = info[key];
    if (typeof value !== "string" || !value) throw new Error(`package.json serverInfo.${key} is missing`);
    return value;
  };
  return {
    id: text("id"),
    name: text("name"),
    module: text("module"),
    minimumPython: parseVersion(text("minimumPython")),
    wheels: text("wheels"),
    version: typeof manifest.version === "string" ? manifest.version : "0.0.0",
  };
}

/** Every contributed setting, without the `<id>.` prefix: ["interpreter", "live", ..., "trace.server"]. */
export function settingKeys(manifest: Manifest, id: string): string[] {
  const properties = manifest.contributes?.configuration?.properties ?? {};
  return Object.keys(properties)
    .filter((key) => key.startsWith(`${id}.`))
    .map((key) => key.slice(id.length + 1));
}
