// A local node's kept stdout/stderr (what it printed before and besides its JSON log), refreshed
// while open. Useful when a start fails before the log is even up.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { NodeView } from '../../main/common/console-api.js';
import { useConsole } from '../api/console-context.js';
import { formatClock, formatCount } from '../app/format.js';

const LINES = 300;

export function NodeOutput({ node, initiallyOpen = false }: { node: NodeView; initiallyOpen?: boolean }) {
  const { client } = useConsole();
  const [open, setOpen] = useState(initiallyOpen);
  const output = useQuery({
    queryKey: ['node-output', node.id],
    queryFn: () => client.request('nodes.output', { nodeId: node.id, limit: LINES }),
    enabled: open && node.kind === 'local',
    refetchInterval: open ? 2000 : false,
  });
  if (node.kind !== 'local') return null;
  return (
    <details className="node-output" open={open} onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
      <summary>Process output (stdout and stderr, last {LINES} lines)</summary>
      {output.isError ? <p className="error-text small">{output.error.message}</p> : null}
      {output.data !== undefined ? (
        <>
          {output.data.dropped > 0 ? <p className="muted small">{formatCount(output.data.dropped)} earlier lines not kept.</p> : null}
          <pre className="output-lines">
            {output.data.lines.length === 0
              ? 'No output yet.'
              : output.data.lines.map((line, i) => (
                  <span key={i} className={line.stream === 'stderr' ? 'stderr' : undefined}>
                    {formatClock(line.at)} {line.stream === 'stderr' ? 'ERR ' : ''}
                    {line.text}
                    {'\n'}
                  </span>
                ))}
          </pre>
        </>
      ) : null}
    </details>
  );
}
