// The built-in traffic generator: N real XMPP clients on a node, each sending chat messages to a
// random other one at a combined rate R, so a fresh node has something to observe.

export interface TrafficStartRequest {
  nodeId: string;
  /** Number of client connections (2..500). */
  users: number;
  /** Combined messages per second across all users (0.1..5000). */
  ratePerSec: number;
  /** Stops itself after this long (default and maximum 3600). */
  maxDurationS?: number;
}

export interface TrafficStatus {
  nodeId: string;
  running: boolean;
  /** Phase of the run: logging in the users, sending, or stopped. */
  phase: 'idle' | 'connecting' | 'sending' | 'stopped';
  users: number;
  /** Users connected and bound right now. */
  connected: number;
  targetRate: number;
  /** Messages received per second over the last few seconds. */
  achievedRate: number;
  sent: number;
  received: number;
  errors: number;
  lastError: string | null;
  startedAt: number | null;
  /** Why the last run ended: "stopped", "max_duration", "node_stopped", "failed". */
  endedBecause: string | null;
}
