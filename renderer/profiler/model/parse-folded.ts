// Folded stacks (Brendan Gregg's stackcollapse output, `perf script | stackcollapse-perf.pl`,
// py-spy --format raw, 0x, ...): one line per distinct stack, `outer;middle;leaf 12`, the count
// after the last space. Weights are sample counts; the lines carry no time order.
import { CallTreeBuilder } from './call-tree.js';
import { FrameTable } from './frames.js';
import { nextProfileId, type ParseOptions } from './parse-options.js';
import { formatError } from './profile-error.js';
import type { Profile } from './types.js';

const LINE = /^(.*\S)\s+(\d+(?:\.\d+)?)$/;

/** Whether the text's first non-blank line reads as a folded stack (for format detection). */
export function looksFolded(text: string): boolean {
  // Line by line from the start: the file can be hundreds of MB.
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end).trim();
    if (line !== '') return LINE.test(line);
    if (end === -1) break;
    start = end + 1;
  }
  return false;
}

export function fromFolded(text: string, options: ParseOptions = {}): Profile {
  const table = new FrameTable();
  const builder = new CallTreeBuilder();
  const lines = text.split('\n');
  let stacks = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const match = LINE.exec(line);
    if (!match) {
      throw formatError('folded', `line ${i + 1} is not "frame;frame;frame count": ${JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line)}`);
    }
    let node = builder.root;
    for (const name of match[1].split(';')) node = builder.child(node, table.intern(name.trim(), '', 0, 0));
    node.self += Number(match[2]);
    stacks += 1;
  }
  if (stacks === 0) throw formatError('folded', 'the file has no stacks');
  const root = builder.finish();
  return {
    id: options.id ?? nextProfileId(),
    name: options.name ?? 'Folded stacks',
    kind: 'cpu',
    unit: 'samples',
    frames: table.frames,
    root,
    total: root.total,
    source: 'folded',
  };
}
