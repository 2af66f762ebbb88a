// The commands a person runs: show the port map, recheck, restart the server, show the logs.
import * as vscode from "vscode";
import { COMMANDS } from "./manifest";
import { showPortMapPick } from "./portMap";
import { parsePortMap, statusView, summarize, type PortMap } from "./portMapModel";
import type { ServerController } from "./server";
import type { PortStatus } from "./status";

/** The server's commands of the same names (server/portlint/lsp/features/commands.py). */
const SERVER_PORT_MAP = "portlint.showPortMap";
const SERVER_RECHECK = "portlint.recheck";

export class PortMapSource {
  constructor(
    private readonly server: ServerController,
    private readonly status: PortStatus,
    private readonly channel: vscode.LogOutputChannel,
  ) {}

  /** Asks the server for the port map (or a fresh look with `recheck`) and updates the status item. */
  async fetch(recheck = false): Promise<PortMap | undefined> {
    const answer = await this.server.execute(recheck ? SERVER_RECHECK : SERVER_PORT_MAP);
    const map = parsePortMap(answer);
    if (!map) {
      this.channel.warn(`The server's port map has an unknown shape: ${JSON.stringify(answer)?.slice(0, 200)}`);
      return undefined;
    }
    this.status.showMap(map);
    return map;
  }

  /** For background refreshes: failures go to the log, not to a popup. */
  async refreshQuietly(): Promise<void> {
    if (this.server.state.kind !== "running") return;
    try {
      await this.fetch();
    } catch (error) {
      this.channel.debug(`Port map refresh: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export function registerCommands(
  server: ServerController,
  source: PortMapSource,
  channel: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.showPortMap, () =>
      reportFailure(channel, server, async () => {
        const map = await source.fetch();
        if (map) await showPortMapPick(map, () => source.fetch(true));
      }),
    ),
    vscode.commands.registerCommand(COMMANDS.recheck, () =>
      reportFailure(channel, server, async () => {
        const map = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: "portlint: rechecking ports" },
          () => source.fetch(true),
        );
        if (map)
          vscode.window.setStatusBarMessage(
            `portlint rechecked: ${statusView(summarize(map)).text.replace(/^\$\([^)]*\)\s*/, "")}`,
            4000,
          );
        return map;
      }),
    ),
    vscode.commands.registerCommand(COMMANDS.restart, () => server.restart()),
    vscode.commands.registerCommand(COMMANDS.showLogs, () => channel.show()),
  ];
}

async function reportFailure<T>(
  channel: vscode.LogOutputChannel,
  server: ServerController,
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    channel.error(message);
    const action = await vscode.window.showErrorMessage(message, "Restart Server", "Show logs");
    if (action === "Restart Server") await server.restart();
    else if (action === "Show logs") channel.show();
    return undefined;
  }
}
