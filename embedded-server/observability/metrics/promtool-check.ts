// Runs `promtool check metrics` (Debian package "prometheus") on a Prometheus text exposition. The
// tests use it on the node's real output: promtool both parses the text and lints it (counter
// names end in _total, units are base units, every metric has HELP).
import { spawn } from 'node:child_process';

export const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

export interface PromtoolResult {
  /** 0 when the exposition parsed and lint found nothing. */
  exitCode: number;
  /** What promtool reported (one problem a line). */
  output: string;
}

export function promtoolCheckMetrics(exposition: string, timeoutMs = 20_000): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${PROMTOOL} check metrics did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${PROMTOOL} (install the Debian package "prometheus"): ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? -1, output: output.trim() });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(exposition);
  });
}
