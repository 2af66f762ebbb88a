// The language client: `<private env python> -m portlint serve` over stdio, started, restarted and stopped
// one step at a time.
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  type DocumentSelector,
  type FeatureState,
  type LanguageClientOptions,
  type ServerCapabilities,
  type ServerOptions,
  type StaticFeature,
} from "vscode-languageclient/node";
import { CONFIG_GLOBS } from "./configFiles";
import { serverArgs, serverLogLevel } from "./launch";
import { COMMANDS, type ServerInfo } from "./manifest";
import { isolatedEnv } from "./processes";
import { didChangeConfigurationParams, initializationOptions, serverSettings } from "./settings";

export type ServerState =
  { kind: "starting" } | { kind: "running" } | { kind: "stopped" } | { kind: "failed"; message: string };

/** The files the server reads while they are open: generated from the server's registry of dev servers. */
const DOCUMENTS: DocumentSelector = CONFIG_GLOBS.map((pattern) => ({ scheme: "file", pattern }));

const STOP_TIMEOUT_MS = 3000;

/**
 * vscode-languageclient turns every command the server announces into a VS Code command of the same id.
 * portlint.showPortMap and portlint.recheck are also the extension's own commands (they show the server's
 * answer), so those two are kept from that feature; the others (e.g. code lens commands) stay with it.
 */
class CommandsStayWithTheExtension implements StaticFeature {
  constructor(private readonly own: ReadonlySet<string>) {}
  fillClientCapabilities(): void {}
  preInitialize(capabilities: ServerCapabilities): void {
    const provider = capabilities.executeCommandProvider;
    if (provider) provider.commands = provider.commands.filter((command) => !this.own.has(command));
  }
  initialize(): void {}
  getState(): FeatureState {
    return { kind: "static" };
  }
  clear(): void {}
}

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private steps: Promise<void> = Promise.resolve();
  private readonly states = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.states.event;
  state: ServerState = { kind: "stopped" };

  constructor(
    private readonly info: ServerInfo,
    private readonly settingKeys: readonly string[],
    private readonly channel: vscode.LogOutputChannel,
    /** Finds Python and builds the private environment; returns its interpreter or throws (having told the user). */
    private readonly prepare: () => Promise<string>,
  ) {}

  /** Starts the server, or restarts it when it runs. */
  restart(): Promise<void> {
    return this.step(async () => {
      await this.stopClient();
      await this.startClient();
    });
  }

  stop(): Promise<void> {
    return this.step(() => this.stopClient());
  }

  /** Runs a server command (portlint.showPortMap, portlint.recheck) and returns its answer. */
  async execute(command: string): Promise<unknown> {
    await this.steps;
    const client = this.client;
    if (!client || this.state.kind !== "running") {
      throw new Error(
        this.state.kind === "failed" ? this.state.message : `The ${this.info.name} server is not running.`,
      );
    }
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [] });
  }

  /** Sends the current settings to a running server. */
  async sendSettings(): Promise<void> {
    if (this.client?.state !== State.Running) return;
    await this.client.sendNotification(
      DidChangeConfigurationNotification.type,
      didChangeConfigurationParams(this.info.id, this.currentSettings()),
    );
  }

  dispose(): void {
    void this.stop();
    this.states.dispose();
  }

  private step(work: () => Promise<void>): Promise<void> {
    this.steps = this.steps.then(work, work);
    return this.steps;
  }

  private setState(state: ServerState): void {
    this.state = state;
    this.states.fire(state);
  }

  private currentSettings(): Record<string, unknown> {
    return serverSettings(this.settingKeys, vscode.workspace.getConfiguration(this.info.id));
  }

  private async startClient(): Promise<void> {
    this.setState({ kind: "starting" });
    let python: string;
    try {
      python = await this.prepare();
    } catch (error) {
      this.setState({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
      return;
    }
    const args = serverArgs(this.info.module, serverLogLevel(this.channel.logLevel));
    this.channel.info(`Starting the server: ${python} ${args.join(" ")}`);
    const serverOptions: ServerOptions = { command: python, args, options: { env: isolatedEnv() } };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENTS,
      outputChannel: this.channel,
      // The protocol reaches the log only when `portlint.trace.server` asks: the client writes its trace here
      // then, and the server keeps pygls's payload logging quiet while the trace is "off" (lsp/features/trace.py).
      traceOutputChannel: this.channel,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: () => initializationOptions(this.currentSettings()),
    };
    // The id makes the client read `portlint.trace.server` itself.
    const client = new LanguageClient(this.info.id, this.info.name, serverOptions, clientOptions);
    client.registerFeature(new CommandsStayWithTheExtension(new Set(Object.values(COMMANDS))));
    client.onDidChangeState((event) => {
      if (this.client !== client) return;
      if (event.newState === State.Running) this.setState({ kind: "running" });
      else if (event.newState === State.Stopped) this.setState({ kind: "stopped" });
    });
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      const message = `The ${this.info.name} server did not start: ${error instanceof Error ? error.message : String(error)}`;
      this.channel.error(message);
      this.setState({ kind: "failed", message });
      void vscode.window.showErrorMessage(message, "Show logs").then((action) => {
        if (action) this.channel.show();
      });
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.dispose(STOP_TIMEOUT_MS);
    } catch (error) {
      this.channel.warn(`Stopping the server: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.setState({ kind: "stopped" });
  }
}
