// Renderer entry: picks the transport (Electron preload or WebSocket), builds the services and
// mounts the app. Test and bench hooks hang off window.__meerkat (read-only figures, no secrets).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createConsoleClient } from '../main/common/console-api.js';
import { ConsoleProvider, type ConsoleServices } from './api/console-context.js';
import { pickTransport } from './api/pick-transport.js';
import { App } from './app/app.js';
import { ErrorBoundary } from './app/error-boundary.js';
import { installTestHooks } from './app/test-hooks.js';
import { LogStore } from './logs/log-store.js';
import { LogTail } from './logs/log-tail.js';
import './styles/theme.css';
import './styles/shell.css';
import './styles/overview.css';
import './styles/logs.css';
import './styles/metrics.css';

const picked = pickTransport(window);
const client = createConsoleClient(picked.transport);
const logStore = new LogStore();
const services: ConsoleServices = {
  client,
  status: picked.status,
  mode: picked.mode,
  endpoint: picked.endpoint,
  hasToken: picked.hasToken,
  logStore,
  logTail: new LogTail(client, logStore, picked.status),
};
const queryClient = new QueryClient({
  defaultOptions: {
    // Pushed data keeps views current; refetching on focus would only fight the streams.
    queries: { refetchOnWindowFocus: false, retry: 2, retryDelay: (n) => Math.min(1000 * 2 ** n, 5000) },
  },
});
installTestHooks(window, services);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary label="the console">
      <ConsoleProvider services={services}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </ConsoleProvider>
    </ErrorBoundary>
  </StrictMode>,
);
