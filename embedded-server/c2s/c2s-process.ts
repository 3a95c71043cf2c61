// A client connection as a runtime process: its mailbox holds the parsed input and the stanzas routed
// to it, so the console sees exactly which client is behind and by how much.
import type { Pid } from '../runtime/index.js';
import { C2sConnection, type C2sMessage } from './c2s-connection.js';
import type { C2sDeps } from './c2s-deps.js';
import type { C2sTransport } from './transport.js';

function renderMessage(msg: C2sMessage): string {
  switch (msg.type) {
    case 'deliver':
      return msg.stanza.toString();
    case 'stanza':
      return msg.el.toString();
    case 'stream_start':
      return `<stream:stream ${Object.entries(msg.attrs)
        .map(([k, v]) => `${k}='${v}'`)
        .join(' ')}>`;
    default:
      return JSON.stringify(msg);
  }
}

/** A rough size: stanzas dominate, and their serialized length is a fair proxy for their heap cost. */
function messageSize(msg: C2sMessage): number {
  if (msg.type === 'deliver' || msg.type === 'stanza') return 256;
  return 64;
}

export function spawnC2s(deps: C2sDeps, transport: C2sTransport): Pid {
  deps.counters.connectionsOpened++;
  const conn = new C2sConnection(deps, transport);
  return deps.runtime.spawn<C2sMessage>({
    kind: 'c2s',
    serves: transport.peer,
    mailbox: { capacity: deps.maxMailbox, overflow: 'reject' },
    init: (ctx) => conn.init(ctx),
    handle: (msg) => {
      if ('system' in msg) return;
      return conn.handle(msg);
    },
    terminate: (reason) => conn.terminate(reason),
    describeState: () => conn.describe(),
    renderMessage,
    messageSize,
  });
}
