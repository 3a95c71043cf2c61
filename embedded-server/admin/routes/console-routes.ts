// Admin API handler of the remote console stream (contract: admin/contract/console.ts).
import { startConsoleSession } from '../console/console-session.js';
import type { ConsoleDeps } from '../console/console-helpers.js';
import { consoleStream } from '../contract/console.js';
import type { RouteTable } from '../server/route-table.js';

export type ConsoleRoutesDeps = ConsoleDeps;

export function registerConsoleRoutes(routes: RouteTable, deps: ConsoleRoutesDeps): void {
  routes.addStream(consoleStream, ({ filter, sink, onClientMessage, peer }) => {
    const session = startConsoleSession({
      deps,
      mode: filter.mode,
      terminal: filter.terminal,
      cols: filter.cols,
      rows: filter.rows,
      peer,
      write: (data) => sink.send({ type: 'output', data }),
      onExit: () => {
        sink.send({ type: 'exit' });
        sink.close('console ended');
      },
    });
    onClientMessage((message) => {
      if (message.type === 'data') session.input(message.data);
      else if (message.type === 'resize') session.resize(message.cols, message.rows);
      else session.endInput();
    });
    return () => session.close();
  });
}
