// The services every view reaches through React context: the typed console client, the
// connection status, and the log buffer (outside react-query on purpose: see logs/log-store.ts).
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ConsoleClient } from '../../main/common/console-api.js';
import type { LogTail } from '../logs/log-tail.js';
import type { LogStore } from '../logs/log-store.js';
import type { ConnectionStatus, StatusStore } from './reconnecting-transport.js';

export interface ConsoleServices {
  client: ConsoleClient;
  status: StatusStore;
  mode: 'electron' | 'web';
  endpoint: string;
  hasToken: boolean;
  logStore: LogStore;
  logTail: LogTail;
}

const ConsoleContext = createContext<ConsoleServices | null>(null);

export function ConsoleProvider({ services, children }: { services: ConsoleServices; children: ReactNode }) {
  return <ConsoleContext.Provider value={services}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleServices {
  const services = useContext(ConsoleContext);
  if (services === null) throw new Error('useConsole outside ConsoleProvider');
  return services;
}

export function useConnectionStatus(): ConnectionStatus {
  const { status } = useConsole();
  return useSyncExternalStore(status.subscribeStatus, status.getStatus);
}

/** True while what the views show may be out of date (the console socket is down). */
export function useIsStale(): boolean {
  return useConnectionStatus().state !== 'open';
}
