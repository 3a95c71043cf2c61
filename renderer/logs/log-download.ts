// Downloads log records as JSON lines (one line as the node wrote it, per line), the format every
// log pipeline reads. Gap markers are written as lines of their own with what: "meerkat_gap".
import { markerText, type LogRecord } from './log-record.js';

export function toJsonLines(records: readonly LogRecord[]): string {
  const out: string[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    out[i] = r.marker === undefined ? r.line : JSON.stringify({ time: new Date(r.time).toISOString(), node: r.nodeId, what: 'meerkat_gap', msg: markerText(r) });
  }
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}

export function downloadName(scope: string, kind: 'visible' | 'buffer', now: Date): string {
  const stamp = now.toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
  const safeScope = scope.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `meerkat-logs-${safeScope}-${kind}-${stamp}.jsonl`;
}

export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
