// The settings the server reads, gathered from VS Code's configuration. The server takes them as
// initializationOptions `{"settings": {...}}` and, on change, workspace/didChangeConfiguration
// `{"portlint": {...}}` (server/portlint/lsp/settings.py).

/** Settings only the extension uses; the server never sees them. */
export const CLIENT_ONLY_SETTINGS: ReadonlySet<string> = new Set(["interpreter", "trace.server"]);

/** Settings whose change needs a new server process rather than a notification. */
export const RESTART_SETTINGS: ReadonlySet<string> = new Set(["interpreter"]);

/** The part of vscode.WorkspaceConfiguration used here, so tests can pass a plain object. */
export interface ConfigurationReader {
  get<T>(key: string): T | undefined;
  inspect<T>(key: string): { globalValue?: T; defaultValue?: T } | undefined;
}

export type ServerSettings = Record<string, unknown>;

export function serverSettingKeys(allKeys: readonly string[]): string[] {
  return allKeys.filter((key) => !CLIENT_ONLY_SETTINGS.has(key));
}

export function serverSettings(keys: readonly string[], config: ConfigurationReader): ServerSettings {
  const settings: ServerSettings = {};
  for (const key of serverSettingKeys(keys)) {
    const value = config.get<unknown>(key);
    if (value !== undefined && value !== null) settings[key] = value;
  }
  return settings;
}

export function initializationOptions(settings: ServerSettings): { settings: ServerSettings } {
  return { settings };
}

export function didChangeConfigurationParams(
  id: string,
  settings: ServerSettings,
): { settings: Record<string, ServerSettings> } {
  return { settings: { [id]: settings } };
}

/** portlint.interpreter from the user's own settings only: a workspace (trusted or not) cannot choose the
 * program that runs. The manifest's `machine` scope says the same to VS Code's settings editor. */
export function interpreterSetting(config: ConfigurationReader): string | undefined {
  const value = config.inspect<string>("interpreter")?.globalValue;
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/** What a configuration change means for the running server. */
export function changeKind(
  id: string,
  keys: readonly string[],
  affects: (section: string) => boolean,
): "restart" | "notify" | "none" {
  if (keys.some((key) => RESTART_SETTINGS.has(key) && affects(`${id}.${key}`))) return "restart";
  if (serverSettingKeys(keys).some((key) => affects(`${id}.${key}`))) return "notify";
  return "none";
}
