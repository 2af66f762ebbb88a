// Wiring only: each concern lives in its own file.
import * as vscode from "vscode";
import { PortMapSource, registerCommands } from "./commands";
import { COMMANDS, serverInfo, settingKeys, type Manifest } from "./manifest";
import type { PythonSource } from "./python";
import { onActiveInterpreterChanged } from "./pythonExtension";
import { ServerController } from "./server";
import { changeKind } from "./settings";
import { prepareServer } from "./startup";
import { PortStatus, onDiagnosticsSettled } from "./status";

let server: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const manifest = context.extension.packageJSON as Manifest;
  const info = serverInfo(manifest);
  const keys = settingKeys(manifest, info.id);
  const channel = vscode.window.createOutputChannel(info.name, { log: true });
  const status = new PortStatus(info.id, info.name, COMMANDS.showPortMap);

  let pythonSource: PythonSource | undefined;
  server = new ServerController(info, keys, channel, async () => {
    const prepared = await prepareServer(context, info, channel);
    pythonSource = prepared.source;
    return prepared.python;
  });
  const source = new PortMapSource(server, status, channel);
  const controller = server;

  context.subscriptions.push(
    channel,
    status,
    controller,
    controller.onDidChangeState((state) => {
      status.showServerState(state);
      if (state.kind === "running") void source.refreshQuietly();
    }),
    onDiagnosticsSettled(() => void source.refreshQuietly()),
    ...registerCommands(controller, source, channel),
    vscode.workspace.onDidChangeConfiguration((event) => {
      const kind = changeKind(info.id, keys, (section) => event.affectsConfiguration(section));
      if (kind === "restart") void controller.restart();
      else if (kind === "notify") void controller.sendSettings();
    }),
  );
  void controller.restart();

  // After the start: waiting for the Python extension to activate must not delay the server.
  const following = await onActiveInterpreterChanged(() => {
    if (pythonSource === "python-extension" || controller.state.kind === "failed") void controller.restart();
  });
  context.subscriptions.push(following);
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
