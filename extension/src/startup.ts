// Before the server starts: choose Python, build the private environment with a progress notification, and
// tell the person clearly when either cannot be done.
import { join } from "node:path";
import * as vscode from "vscode";
import { EnvironmentError, ensureEnvironment } from "./environment";
import type { ServerInfo } from "./manifest";
import { nodeRunner } from "./processes";
import {
  candidateText,
  choosePython,
  defaultPathNames,
  describeNoPython,
  formatVersion,
  type PythonSource,
} from "./python";
import { activeInterpreter } from "./pythonExtension";
import { interpreterSetting } from "./settings";

export class StartFailure extends Error {}

export interface Prepared {
  python: string;
  source: PythonSource;
}

export async function prepareServer(
  context: vscode.ExtensionContext,
  info: ServerInfo,
  channel: vscode.LogOutputChannel,
): Promise<Prepared> {
  const choice = await choosePython(
    {
      setting: () => interpreterSetting(vscode.workspace.getConfiguration(info.id)),
      pythonExtension: activeInterpreter,
      pathNames: defaultPathNames(),
    },
    nodeRunner,
    info.minimumPython,
  );
  for (const rejected of choice.rejected) {
    channel.info(
      `Python candidate ${candidateText(rejected.candidate)} (${rejected.candidate.source}) ${rejected.reason}`,
    );
  }
  if (!choice.ok) {
    const message = describeNoPython(choice, info.minimumPython);
    channel.error(message);
    void offerHelp(message, info, channel, true);
    throw new StartFailure(message);
  }
  const { python } = choice;
  channel.info(`Using Python ${formatVersion(python.version)} at ${python.executable} (from ${python.source})`);
  try {
    const interpreter = await ensureEnvironment(
      python,
      {
        storage: context.globalStorageUri.fsPath,
        wheels: join(context.extensionPath, info.wheels),
        distribution: info.module,
        module: info.module,
      },
      info.version,
      nodeRunner,
      channel,
      (build) =>
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `${info.name}: setting up its Python environment` },
          (progress) => build((message) => progress.report({ message })),
        ),
    );
    return { python: interpreter, source: python.source };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    channel.error(detail);
    const message =
      error instanceof EnvironmentError
        ? `${info.name} could not set up its Python environment: ${detail.split("\n")[0]}`
        : `${info.name} could not set up its Python environment: ${detail}`;
    void offerHelp(message, info, channel, false);
    throw new StartFailure(message);
  }
}

async function offerHelp(
  message: string,
  info: ServerInfo,
  channel: vscode.LogOutputChannel,
  settings: boolean,
): Promise<void> {
  const actions = settings ? ["Open settings", "Show logs"] : ["Show logs"];
  const action = await vscode.window.showErrorMessage(message, ...actions);
  if (action === "Open settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", `${info.id}.interpreter`);
  } else if (action === "Show logs") {
    channel.show();
  }
}
