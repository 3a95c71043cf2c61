// The console bench's node: the real `meerkat-node` CLI (same config, same staged start, same
// admin API and log ring), which, once started, also writes MEERKAT_BENCH_LOG_RATE lines per
// second through its own logger, so the console sees a node logging at that rate through every
// real path (ring → admin log stream → console core → WebSocket → renderer). Nothing in the node
// itself logs at 20,000 lines/s; this is the only addition.
// Run by the console bench as the local node's executable: node dist/bench/chatty-node.js start --config FILE
import type { Logger } from 'pino';
import { processContext, type CliContext, type StartNodeModule } from '../embedded-server/cli/cli-context.js';
import { main } from '../embedded-server/cli/main.js';

const WHATS = ['session_opened', 'stanza_routed', 'roster_push', 'presence_broadcast', 'offline_stored', 'session_closed'];
const USERS = 500;

/** Writes `ratePerSecond` lines per second in 10 ms slices, catching up when a slice runs late. */
function startLogFlood(log: Logger, ratePerSecond: number): () => void {
  const started = Date.now();
  let written = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * ratePerSecond);
    // Never more than a second's worth at once: a stalled node does not burst afterwards.
    const count = Math.min(due - written, ratePerSecond);
    for (let i = 0; i < count; i++) {
      const n = written + i;
      const user = n % USERS;
      log.info(
        {
          what: WHATS[n % WHATS.length],
          jid: `user${user}@localhost/res${n % 3}`,
          pid: 1000 + (n % 2000),
          trace_id: (n % 4096).toString(16).padStart(32, '0'),
          seq_in_bench: n,
        },
        'bench line',
      );
    }
    written = Math.max(written + count, due - ratePerSecond);
  }, 10);
  timer.unref();
  return () => clearInterval(timer);
}

function chattyContext(base: CliContext, ratePerSecond: number): CliContext {
  let logger: Logger | undefined;
  return {
    ...base,
    createObservability(config) {
      const observability = base.createObservability!(config);
      logger = observability.logging.moduleLogger('bench');
      return observability;
    },
    async loadStartNode(): Promise<StartNodeModule> {
      const module = await base.loadStartNode();
      return {
        async startNode(config, log, opts) {
          const node = await module.startNode(config, log, opts);
          if (ratePerSecond > 0) startLogFlood(logger ?? log, ratePerSecond);
          return node;
        },
      };
    },
  };
}

const rate = Number(process.env.MEERKAT_BENCH_LOG_RATE ?? '0');
process.exitCode = await main(process.argv.slice(2), chattyContext(processContext(), Number.isFinite(rate) ? rate : 0));
