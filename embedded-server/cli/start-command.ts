// `meerkat-node start`: runs the node until SIGTERM or SIGINT, then stops it cleanly and exits 0.
import { mkdirSync } from 'node:fs';
import type { NodeConfig } from '../config/node-config-schema.js';
import type { CliContext, RunningNode, StartNodeModule } from './cli-context.js';
import { CliFailure, EXIT } from './cli-failure.js';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** The [listen.*] section that owns `port`, to name it in the "port in use" message. */
function listenerForPort(config: NodeConfig, port: unknown): string | undefined {
  const entry = Object.entries(config.listen).find(([, listener]) => listener?.port === port);
  return entry === undefined ? undefined : `listen.${entry[0]}`;
}

function isAddressInUse(err: unknown): err is Error & { code: 'EADDRINUSE'; port?: number } {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

export async function startCommand(ctx: CliContext, config: NodeConfig, configFile: string): Promise<number> {
  try {
    mkdirSync(config.general.data_dir, { recursive: true });
  } catch (err) {
    throw new CliFailure(EXIT.failed, `cannot create data_dir ${config.general.data_dir}: ${(err as Error).message}`);
  }
  // Before the node allocates anything of its traffic: V8's decisions are made as objects survive.
  const v8Flags = ctx.tuneHeap?.() ?? [];
  const observability = ctx.createObservability?.(config);
  const log = observability?.logging.log ?? ctx.createLogger(config);
  if (v8Flags.length > 0) log.info({ what: 'v8_flags_set', v8_flags: v8Flags });

  let module: StartNodeModule;
  try {
    module = await ctx.loadStartNode();
  } catch (err) {
    throw new CliFailure(EXIT.failed, `cannot load the node runtime: ${(err as Error).message}`);
  }

  let node: RunningNode;
  try {
    node = await module.startNode(config, log, { observability });
  } catch (err) {
    if (isAddressInUse(err)) {
      const listener = listenerForPort(config, err.port) ?? 'listen.*';
      throw new CliFailure(
        EXIT.portInUse,
        `port ${err.port ?? '?'} (${listener}) is already in use; stop the other process or change ${listener}.port in ${configFile}`,
      );
    }
    log.fatal({ what: 'node_start_failed', err });
    throw new CliFailure(EXIT.failed, `the node failed to start: ${(err as Error).message}`);
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl-C means the operator does not want to wait for a clean stop.
        log.warn({ what: 'node_forced_exit', signal });
        ctx.exit(EXIT.failed);
        resolve(EXIT.failed);
        return;
      }
      stopping = true;
      log.info({ what: 'node_stopping', signal });
      node.stop(`received ${signal}`).then(
        () => {
          for (const name of STOP_SIGNALS) ctx.signals.off(name, onSignal);
          log.info({ what: 'node_stopped', signal });
          const done = () => {
            ctx.exit(EXIT.ok);
            resolve(EXIT.ok);
          };
          // Flushes queued log lines and exports pending traces before the process ends.
          if (observability === undefined) done();
          else observability.close().then(done, done);
        },
        (err: unknown) => {
          log.error({ what: 'node_stop_failed', err });
          ctx.exit(EXIT.failed);
          resolve(EXIT.failed);
        },
      );
    };
    for (const name of STOP_SIGNALS) ctx.signals.on(name, onSignal);
  });
}
