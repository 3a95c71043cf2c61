// Says so when the console's own connection is down: what is shown may be stale, when the next
// try is, and (first connect failing without a token) what to do about it.
import { useConnectionStatus, useConsole } from '../api/console-context.js';
import { formatAgo } from '../app/format.js';
import { useNow } from '../app/use-now.js';

export function ConnectionBanner() {
  const status = useConnectionStatus();
  const { endpoint, hasToken, mode } = useConsole();
  const now = useNow();
  if (status.state === 'open') return null;
  if (!status.everOpened && status.state === 'connecting') {
    return (
      <div className="banner info" role="status">
        Connecting to the console at <code>{endpoint}</code>…
      </div>
    );
  }
  const retry = status.retryAt === null ? 'now' : `in ${Math.max(0, Math.ceil((status.retryAt - now) / 1000))} s`;
  if (!status.everOpened) {
    return (
      <div className="banner error" role="alert">
        <strong>Cannot reach the console</strong> at <code>{endpoint}</code> (attempt {status.attempts}, retrying {retry}).{' '}
        {mode === 'web' && !hasToken
          ? 'The page address has no access token: open the full address that `npm run web` printed (it ends in ?token=…).'
          : 'Is the console process still running? Check its terminal.'}
      </div>
    );
  }
  return (
    <div className="banner error" role="alert">
      <strong>Connection to the console lost</strong> {formatAgo(status.since, now)} — reconnecting {status.state === 'connecting' ? 'now' : retry}.
      Everything on screen is from before the loss and may be stale; log lines sent meanwhile are marked as a gap.
    </div>
  );
}
