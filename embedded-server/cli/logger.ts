// The node's structured log: one JSON object per line on stdout, written synchronously so the last
// lines before a crash or kill are not lost in a buffer.
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { NodeConfig } from '../config/node-config-schema.js';

export function createNodeLogger(config: NodeConfig, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.general.loglevel,
      base: { node: config.general.node_name },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
