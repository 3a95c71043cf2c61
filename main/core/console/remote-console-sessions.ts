// The remote console channels: a remoteConsole.session stream opens the node's
// /api/streams/console WebSocket under a session id the renderer chose, and remoteConsole.input
// forwards keystrokes, resizes and end of input to it. A session is never re-opened after the
// node goes away: the REPL state is gone with it, so the renderer shows a marker and offers a new one.
import { consoleStream, type ConsoleEvent } from '../../../embedded-server/admin/contract/console.js';
import type { Stream } from '../../../embedded-server/admin/contract/define.js';
import { ConsoleCallError } from '../../common/console-errors.js';
import type { RemoteConsoleEvent, RemoteConsoleFilter, RemoteConsoleInput } from '../../common/remote-console-views.js';
import type { AdminStreamHandle } from '../admin/node-admin-client.js';
import type { NodeRegistry } from '../registry/node-registry.js';
import type { StreamSink } from '../service/console-backend.js';

// openStream takes streams without client messages (its Stream<..., never>); this one has them,
// sent through the handle's send().
const nodeConsoleStream = consoleStream as unknown as Stream<unknown, ConsoleEvent>;

export class RemoteConsoleSessions {
  private readonly sessions = new Map<string, AdminStreamHandle>();

  constructor(private readonly registry: NodeRegistry) {}

  get size(): number {
    return this.sessions.size;
  }

  open(filter: RemoteConsoleFilter, sink: StreamSink<RemoteConsoleEvent>): () => void {
    const handle = this.registry.require(filter.nodeId);
    if (this.sessions.has(filter.sessionId)) throw new ConsoleCallError({ code: 'conflict', message: `console session ${filter.sessionId} is already open` });
    const mode = filter.mode ?? 'read_write';
    let done = false;
    const finish = (event: RemoteConsoleEvent | undefined): void => {
      if (done) return;
      done = true;
      this.sessions.delete(filter.sessionId);
      stopWatching();
      if (event !== undefined) sink.event(event);
      sink.end();
    };
    const stream = handle.admin.openStream(
      nodeConsoleStream,
      { mode, terminal: 'true', cols: filter.cols, rows: filter.rows },
      {
        onOpen: () => void sink.event({ type: 'open', mode }),
        onEvent: (event) => {
          if (event.type === 'output') sink.event(event);
          else if (event.type === 'exit') finish({ type: 'exit' });
        },
        onClose: (error) => finish(error === undefined ? { type: 'exit' } : { type: 'lost', message: error.message }),
      },
    );
    this.sessions.set(filter.sessionId, stream);
    const stopWatching = this.registry.onChange((change) => {
      if (change.kind === 'removed' && change.nodeId === filter.nodeId) {
        stream.close();
        finish({ type: 'lost', message: `node ${filter.nodeId} was removed` });
      }
    });
    return () => {
      if (done) return;
      done = true;
      this.sessions.delete(filter.sessionId);
      stopWatching();
      stream.close();
    };
  }

  input({ sessionId, message }: RemoteConsoleInput): void {
    const stream = this.sessions.get(sessionId);
    if (stream === undefined) throw new ConsoleCallError({ code: 'not_found', message: `no open console session ${sessionId}` });
    stream.send(message);
  }
}
