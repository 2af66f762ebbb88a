// The command line that starts the server from the private environment.

/** vscode.LogLevel's numbers (Off, Trace, Debug, Info, Warning, Error), kept here to stay free of `vscode`. */
const SERVER_LOG_LEVELS = ["error", "debug", "debug", "info", "warning", "error"] as const;

export type ServerLogLevel = (typeof SERVER_LOG_LEVELS)[number];

/** The server's --log-level for the log channel's level, so "Set Log Level…" reaches the server too. */
export function serverLogLevel(channelLevel: number): ServerLogLevel {
  return SERVER_LOG_LEVELS[channelLevel] ?? "warning";
}

export function serverArgs(module: string, logLevel: ServerLogLevel): string[] {
  return ["-m", module, "serve", "--log-level", logLevel];
}
