// The status bar item: the port map in a few words ("portlint: 4 ports ok", "5000 held by ControlCenter"),
// opening the port map when clicked.
import * as vscode from "vscode";
import { summarize, statusView, type PortMap } from "./portMapModel";
import type { ServerState } from "./server";

export class PortStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(id: string, name: string, command: string) {
    this.item = vscode.window.createStatusBarItem(`${id}.status`, vscode.StatusBarAlignment.Left, 10);
    this.item.name = name;
    this.item.command = command;
    this.showServerState({ kind: "starting" });
    this.item.show();
  }

  showServerState(state: ServerState): void {
    switch (state.kind) {
      case "starting":
        this.set("$(sync~spin) portlint", "portlint is starting its server.", false);
        break;
      case "running":
        break; // the port map, once it arrives, says more
      case "stopped":
        this.set(
          "$(circle-slash) portlint",
          "The portlint server is not running. Run “portlint: Restart Server”.",
          true,
        );
        break;
      case "failed":
        this.set("$(error) portlint", `${state.message}\n\nRun “portlint: Show Logs” for details.`, true);
        break;
    }
  }

  showMap(map: PortMap): void {
    const view = statusView(summarize(map));
    this.set(view.text, view.tooltip, view.warning);
  }

  dispose(): void {
    this.item.dispose();
  }

  private set(text: string, tooltip: string, warning: boolean): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = warning ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
  }
}

/** Calls `refresh` a little after diagnostics settle: the port map changes when findings do. */
export function onDiagnosticsSettled(refresh: () => void, delayMs = 300): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  const subscription = vscode.languages.onDidChangeDiagnostics(() => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(refresh, delayMs);
  });
  return new vscode.Disposable(() => {
    if (timer) clearTimeout(timer);
    subscription.dispose();
  });
}
