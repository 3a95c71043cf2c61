// After the console socket comes back, everything fetched before the loss is refetched: nothing on
// screen should stay silently stale.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useConnectionStatus } from '../api/console-context.js';

export function useRefetchOnReconnect(): void {
  const queryClient = useQueryClient();
  const { state } = useConnectionStatus();
  const wasLost = useRef(false);
  useEffect(() => {
    if (state === 'lost') wasLost.current = true;
    if (state === 'open' && wasLost.current) {
      wasLost.current = false;
      void queryClient.invalidateQueries();
    }
  }, [state, queryClient]);
}
