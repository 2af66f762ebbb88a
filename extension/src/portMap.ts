// The port map as a quick pick: service, config, port, holder, ours or foreign. Picking a row opens the
// config at the port; the refresh button asks the server to look again.
import { resolve } from "node:path";
import * as vscode from "vscode";
import { portMapRows, type PortMap, type PortMapRow } from "./portMapModel";

interface RowItem extends vscode.QuickPickItem {
  row?: PortMapRow;
}

export async function showPortMapPick(map: PortMap, recheck: () => Promise<PortMap | undefined>): Promise<void> {
  const pick = vscode.window.createQuickPick<RowItem>();
  pick.title = "portlint: port map";
  pick.placeholder = "Pick a port to open the config that names it";
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const recheckButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon("refresh"), tooltip: "Recheck" };
  pick.buttons = [recheckButton];
  pick.items = items(map);

  const done = new Promise<RowItem | undefined>((resolvePick) => {
    pick.onDidAccept(() => {
      resolvePick(pick.selectedItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => resolvePick(undefined));
  });
  pick.onDidTriggerButton(async () => {
    pick.busy = true;
    try {
      const fresh = await recheck();
      if (fresh) pick.items = items(fresh);
    } finally {
      pick.busy = false;
    }
  });
  pick.show();
  const chosen = await done;
  pick.dispose();
  if (chosen?.row) await openAt(chosen.row);
}

function items(map: PortMap): RowItem[] {
  const rows = portMapRows(map, resolve);
  if (rows.length === 0) {
    return [
      {
        label: "No config in this workspace names a port",
        description: "firebase.json, angular.json, proxy configs, Flask code",
      },
    ];
  }
  const multiRoot = map.folders.length > 1;
  const result: RowItem[] = [];
  let folder: string | undefined;
  for (const row of rows.sort((a, b) => a.folder.localeCompare(b.folder) || a.port - b.port)) {
    if (multiRoot && row.folder !== folder) {
      folder = row.folder;
      result.push({ label: folder, kind: vscode.QuickPickItemKind.Separator });
    }
    result.push({ label: row.label, description: row.description, detail: row.detail, row });
  }
  return result;
}

async function openAt(row: PortMapRow): Promise<void> {
  const { start, end } = row.range;
  const selection = new vscode.Range(start.line, start.character, end.line, end.character);
  await vscode.window.showTextDocument(vscode.Uri.file(row.file), { selection, preview: false });
}
