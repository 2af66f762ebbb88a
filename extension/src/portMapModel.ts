// The server's port map (`portlint.showPortMap` / `portlint.recheck`, version 1) as plain data, and what the
// status item and the port map list make of it. No `vscode` here: this is what the unit tests check.

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface PortClaim {
  service: string;
  role: "listen" | "connect" | string;
  host: string;
  port: number;
  explicit: boolean;
  file: string; // relative to the folder's root
  range: LspRange;
  origin: string;
  holders: (number | null)[];
  /** A connect target on another machine: this machine's listeners say nothing about it. */
  remote: boolean;
  /** The server's decision: every holder is ours, one is foreign, or nobody holds the port (null). */
  side: "ours" | "foreign" | null;
}

export interface PortListener {
  pid: number | null;
  process: string | null;
  ours: boolean;
}

export interface FolderMap {
  root: string;
  live: boolean;
  claims: PortClaim[];
  listeners: PortListener[];
  problems: number;
}

export interface PortMap {
  version: 1;
  folders: FolderMap[];
}

/** Accepts the server's answer when it has the version-1 shape; anything else is undefined. */
export function parsePortMap(value: unknown): PortMap | undefined {
  if (!isObject(value) || value.version !== 1 || !Array.isArray(value.folders)) return undefined;
  const folders: FolderMap[] = [];
  for (const folder of value.folders) {
    if (!isObject(folder) || typeof folder.root !== "string" || !Array.isArray(folder.claims)) return undefined;
    folders.push({
      root: folder.root,
      live: folder.live === true,
      claims: folder.claims.filter(isClaim).map(withSide),
      listeners: Array.isArray(folder.listeners) ? folder.listeners.filter(isObject).map(toListener) : [],
      problems: typeof folder.problems === "number" ? folder.problems : 0,
    });
  }
  return { version: 1, folders };
}

export type HolderState =
  "free" | "ours" | "foreign" | "reached" | "reached-foreign" | "unreached" | "remote" | "unchecked";

export interface Holder {
  pid: number | null;
  process: string;
  ours: boolean;
}

// Ours or foreign is decided once, by the server (with the user's neverForeign); this only reads it.
export function holdersOf(claim: PortClaim, folder: FolderMap): Holder[] {
  return claim.holders.map((pid) => {
    const listener = folder.listeners.find((l) => l.pid !== null && l.pid === pid);
    // The server names no listener it could not see; its verdict on the claim covers that holder too.
    return { pid, process: listener?.process ?? "an unknown process", ours: listener?.ours ?? claim.side === "ours" };
  });
}

export function holderState(claim: PortClaim, folder: FolderMap): HolderState {
  if (claim.remote) return "remote";
  if (!folder.live) return "unchecked";
  if (claim.role === "listen") {
    if (claim.holders.length === 0) return "free";
    return claim.side === "ours" ? "ours" : "foreign";
  }
  if (claim.holders.length === 0) return "unreached";
  // A proxy that reaches a process of another project (AirPlay on 5000) does not reach its backend.
  return claim.side === "ours" ? "reached" : "reached-foreign";
}

export interface Blocked {
  port: number;
  service: string;
  process: string;
  pid: number | null;
}

export interface Summary {
  ports: number;
  blocked: Blocked[];
  problems: number;
  live: boolean;
}

export function summarize(map: PortMap): Summary {
  const ports = new Set<number>();
  const blocked: Blocked[] = [];
  const seen = new Set<string>();
  let problems = 0;
  for (const folder of map.folders) {
    problems += folder.problems;
    for (const claim of folder.claims) {
      ports.add(claim.port);
      if (holderState(claim, folder) !== "foreign") continue;
      for (const holder of holdersOf(claim, folder).filter((h) => !h.ours)) {
        const key = `${claim.port}/${holder.pid}`;
        if (seen.has(key)) continue;
        seen.add(key);
        blocked.push({ port: claim.port, service: claim.service, process: holder.process, pid: holder.pid });
      }
    }
  }
  blocked.sort((a, b) => a.port - b.port);
  return { ports: ports.size, blocked, problems, live: map.folders.some((f) => f.live) };
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** Draw attention (the warning background). */
  warning: boolean;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "portlint: 4 ports ok", "5000 held by ControlCenter", "portlint: 2 problems". */
export function statusView(summary: Summary): StatusView {
  const first = summary.blocked[0];
  if (first) {
    const more = summary.blocked.length > 1 ? ` (+${summary.blocked.length - 1} more)` : "";
    const lines = summary.blocked.map(
      (b) =>
        `Port ${b.port} (${b.service}) is held by ${b.process}${b.pid !== null ? ` (pid ${b.pid})` : ""}, not by this workspace.`,
    );
    return {
      text: `$(warning) ${first.port} held by ${first.process}${more}`,
      tooltip: `${lines.join("\n")}\nClick for the port map.`,
      warning: true,
    };
  }
  const live = summary.live ? "" : " (listeners not checked: portlint.live is off)";
  if (summary.problems > 0) {
    return {
      text: `$(warning) portlint: ${plural(summary.problems, "problem")}`,
      tooltip: `${plural(summary.ports, "port")} in the configs${live}; see the Problems panel. Click for the port map.`,
      warning: true,
    };
  }
  if (summary.ports === 0) {
    return {
      text: "portlint: no ports",
      tooltip: "No dev-server config in this workspace names a port.",
      warning: false,
    };
  }
  if (!summary.live) {
    return {
      text: `portlint: ${plural(summary.ports, "port")} (live off)`,
      tooltip: `No problems in the configs${live}. Click for the port map.`,
      warning: false,
    };
  }
  return {
    text: `$(check) portlint: ${plural(summary.ports, "port")} ok`,
    tooltip: `No collisions on the ports the configs name${live}. Click for the port map.`,
    warning: false,
  };
}

export interface PortMapRow {
  port: number;
  label: string;
  description: string;
  detail: string;
  /** The config to open, absolute when the root is. */
  file: string;
  range: LspRange;
  state: HolderState;
  folder: string;
}

const STATE_ICON: Record<HolderState, string> = {
  free: "$(pass)",
  ours: "$(pass-filled)",
  foreign: "$(error)",
  reached: "$(arrow-right)",
  "reached-foreign": "$(warning)",
  unreached: "$(warning)",
  remote: "$(globe)",
  unchecked: "$(circle-outline)",
};

/** One row per claim, sorted by port: port and service; config and line; holder, ours or foreign. */
export function portMapRows(map: PortMap, joinPath: (root: string, file: string) => string): PortMapRow[] {
  const rows: PortMapRow[] = [];
  for (const folder of map.folders) {
    for (const claim of folder.claims) {
      const state = holderState(claim, folder);
      const where = `${claim.file}:${claim.range.start.line + 1}`;
      const how = claim.role === "listen" ? "listens on" : "connects to";
      rows.push({
        port: claim.port,
        label: `${STATE_ICON[state]} ${claim.port}  ${claim.service}`,
        description: `${how} ${claim.host}:${claim.port}${claim.explicit ? "" : " (default)"} · ${where}`,
        detail: holderText(state, holdersOf(claim, folder)),
        file: joinPath(folder.root, claim.file),
        range: claim.range,
        state,
        folder: folder.root,
      });
    }
  }
  return rows.sort((a, b) => a.port - b.port || a.label.localeCompare(b.label));
}

function holderText(state: HolderState, holders: Holder[]): string {
  const names = holders
    .map((h) => `${h.process}${h.pid !== null ? ` (pid ${h.pid})` : ""}${h.ours ? ", ours" : ", foreign"}`)
    .join("; ");
  switch (state) {
    case "free":
      return "free: nobody listens";
    case "ours":
    case "foreign":
      return `held by ${names}`;
    case "reached":
      return `reaches ${names}`;
    case "reached-foreign":
      return `reaches ${names}: not a server of this workspace`;
    case "unreached":
      return "nobody listens there yet";
    case "remote":
      return "another machine: not checked here";
    case "unchecked":
      return "listeners not checked (portlint.live is off)";
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isClaim(value: unknown): value is PortClaim {
  return (
    isObject(value) &&
    typeof value.port === "number" &&
    typeof value.service === "string" &&
    typeof value.file === "string" &&
    isObject(value.range) &&
    Array.isArray(value.holders)
  );
}

function withSide(claim: PortClaim): PortClaim {
  const side = claim.side === "ours" || claim.side === "foreign" ? claim.side : null;
  return { ...claim, side, remote: claim.remote === true };
}

function toListener(value: Record<string, unknown>): PortListener {
  return {
    pid: typeof value.pid === "number" ? value.pid : null,
    process: typeof value.process === "string" ? value.process : null,
    ours: value.ours === true,
  };
}
