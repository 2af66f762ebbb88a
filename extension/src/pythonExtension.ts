// The Python extension's active environment, when that extension is installed. Optional: its API is typed
// here by the little we use, so the extension neither depends on it nor breaks without it.
import * as vscode from "vscode";

const PYTHON_EXTENSION_ID = "ms-python.python";

interface EnvironmentPath {
  id: string;
  path: string;
}

interface ResolvedEnvironment {
  executable: { uri?: vscode.Uri };
}

interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
  resolveEnvironment(environment: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
  onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
}

interface PythonExtensionApi {
  environments?: PythonEnvironmentsApi;
}

async function environmentsApi(): Promise<PythonEnvironmentsApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!extension) return undefined;
  const api = extension.isActive ? extension.exports : await extension.activate();
  return api?.environments;
}

/** The interpreter of the active environment for the first workspace folder, or undefined. */
export async function activeInterpreter(): Promise<string | undefined> {
  const api = await environmentsApi();
  if (!api) return undefined;
  const active = api.getActiveEnvironmentPath(vscode.workspace.workspaceFolders?.[0]?.uri);
  const resolved = await api.resolveEnvironment(active);
  return resolved?.executable.uri?.fsPath;
}

/** Calls `listener` when the user picks another environment; a no-op without the Python extension. */
export async function onActiveInterpreterChanged(listener: () => void): Promise<vscode.Disposable> {
  try {
    const api = await environmentsApi();
    if (api) return api.onDidChangeActiveEnvironmentPath(() => listener());
  } catch {
    // The Python extension failed to activate: there is nothing to follow.
  }
  return new vscode.Disposable(() => undefined);
}
