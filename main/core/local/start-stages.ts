// The staged start of a local node, driven by what the process does and prints:
//   spawned          the OS started the process
//   config_valid     the first structured log line (the CLI exits 2, before logging, on a bad config)
//   listeners_bound  a listener_ready line for every configured XMPP listener (or node_started)
//   admin_ready      GET /api/node answers with the node's token
// When a stage fails it keeps the node's own lines that explain it, so the UI never shows a
// spinner alone.
import { START_STAGES, type StartStage, type StartStageName } from '../../common/node-views.js';

const MAX_STAGE_LINES = 200;
const SHOWN_LINES = 40;
/** The CLI's exit code for a bad command line or config file (embedded-server/cli/cli-failure.ts). */
const EXIT_USAGE = 2;

interface ParsedLine {
  what?: unknown;
  listener?: unknown;
  level?: unknown;
}

interface KeptLine {
  text: string;
  important: boolean;
}

export class StartStages {
  private readonly list: StartStage[];
  private readonly kept: KeptLine[] = [];
  private readonly waitingFor: Set<string>;

  constructor(
    expectedListeners: readonly string[],
    private readonly now: () => number = Date.now,
  ) {
    this.list = START_STAGES.map((stage) => ({ stage, status: 'pending', at: null }));
    this.waitingFor = new Set(expectedListeners);
  }

  get stages(): StartStage[] {
    return this.list.map((s) => ({ ...s, ...(s.lines === undefined ? {} : { lines: [...s.lines] }) }));
  }

  /** The first stage still pending, or undefined when all passed or one failed. */
  get current(): StartStageName | undefined {
    if (this.failed !== undefined) return undefined;
    return this.list.find((s) => s.status === 'pending')?.stage;
  }

  get failed(): StartStage | undefined {
    return this.list.find((s) => s.status === 'failed');
  }

  get complete(): boolean {
    return this.list.every((s) => s.status === 'ok');
  }

  /** True while stdout still matters to the stages (it is not parsed once the listeners are up). */
  get readingOutput(): boolean {
    const current = this.current;
    return current === 'config_valid' || current === 'listeners_bound' || current === 'spawned';
  }

  spawned(): void {
    this.pass('spawned');
  }

  spawnFailed(message: string): void {
    this.fail('spawned', [message]);
  }

  stdout(line: string): void {
    if (!this.readingOutput) return;
    let parsed: ParsedLine | undefined;
    if (line.startsWith('{')) {
      try {
        parsed = JSON.parse(line) as ParsedLine;
      } catch {
        parsed = undefined;
      }
    }
    const important = parsed === undefined || (typeof parsed.level === 'number' && parsed.level >= 40);
    this.keep(line, important);
    if (parsed === undefined) return;
    if (this.current === 'config_valid') this.pass('config_valid');
    if (parsed.what === 'listener_ready' && typeof parsed.listener === 'string') this.waitingFor.delete(parsed.listener);
    if (this.current === 'listeners_bound' && (this.waitingFor.size === 0 || parsed.what === 'node_started')) this.pass('listeners_bound');
  }

  stderr(line: string): void {
    if (this.current !== undefined) this.keep(line, true);
  }

  /** The process ended while starting: the stage in progress failed, with the lines it printed. */
  exited(code: number | null, signal: string | null): void {
    const current = this.current;
    if (current === undefined) return;
    const how = signal !== null ? `the node process was ended by ${signal}` : `the node process exited with code ${code}`;
    const lines = [...this.explainingLines(), how];
    if (current === 'config_valid' && code !== EXIT_USAGE && signal === null) {
      // It got past loading the config (a config error exits 2), so the failure is in the next step.
      this.pass('config_valid');
    }
    this.fail(this.current ?? current, lines);
  }

  adminReady(): void {
    this.pass('admin_ready');
  }

  adminFailed(message: string): void {
    this.fail('admin_ready', [...this.explainingLines(), message]);
  }

  private keep(text: string, important: boolean): void {
    this.kept.push({ text, important });
    if (this.kept.length > MAX_STAGE_LINES) this.kept.shift();
  }

  /** stderr and warn/error lines of the stage, else its last lines. */
  private explainingLines(): string[] {
    const important = this.kept.filter((l) => l.important).map((l) => l.text);
    const lines = important.length > 0 ? important : this.kept.map((l) => l.text);
    return lines.slice(-SHOWN_LINES);
  }

  private pass(stage: StartStageName): void {
    const entry = this.list.find((s) => s.stage === stage);
    if (entry === undefined || entry.status !== 'pending') return;
    entry.status = 'ok';
    entry.at = this.now();
    // Lines seen so far belong to the stage that passed; the next stage starts clean.
    this.kept.length = 0;
  }

  private fail(stage: StartStageName, lines: string[]): void {
    const entry = this.list.find((s) => s.stage === stage);
    if (entry === undefined || entry.status !== 'pending') return;
    entry.status = 'failed';
    entry.at = this.now();
    entry.lines = lines;
  }
}
