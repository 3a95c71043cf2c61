// A deterministic, realistic-looking .cpuprofile of any size, for benches and tests: call chains
// 20 to 60 frames deep that branch off each other (so paths share prefixes and fan out), some
// recursion, V8's (program), (idle) and (garbage collector) nodes, and samples that dwell on a
// stack for a few ticks about 1 ms apart, as V8 takes them.
import type { CpuProfile, CpuProfileNode } from './v8-formats.js';

export interface SyntheticOptions {
  /** About how many nodes the profile has (within one call chain, at most 60, more). */
  frames: number;
  /** Same seed, same profile. */
  seed?: number;
  /** Number of samples; as many as frames by default. */
  samples?: number;
}

const VERBS = ['handle', 'parse', 'route', 'encode', 'decode', 'write', 'read', 'flush', 'apply', 'resolve', 'emit', 'store'];
const NOUNS = ['Stanza', 'Presence', 'Roster', 'Session', 'Buffer', 'Element', 'Query', 'Hook', 'Packet', 'Stream', 'Message', 'Timer'];

/** mulberry32: small, fast and good enough to shape test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticProfile(options: SyntheticOptions): CpuProfile {
  const rng = random(options.seed ?? 1);
  const pick = (n: number) => Math.floor(rng() * n);
  const functionCount = Math.max(50, Math.round(options.frames / 20));
  const functions = Array.from({ length: functionCount }, (_, i) => ({
    functionName: `${VERBS[i % VERBS.length]}${NOUNS[Math.floor(i / VERBS.length) % NOUNS.length]}${i}`,
    scriptId: String(10 + (i % 97)),
    url: `file:///srv/app/lib/module-${i % 97}.js`,
    lineNumber: 10 + ((i * 37) % 2000),
    columnNumber: (i * 13) % 80,
  }));

  const nodes: CpuProfileNode[] = [];
  const depth: number[] = [];
  const parent: number[] = [];
  const functionOf: number[] = [];
  const addNode = (parentIndex: number, fn: number, callFrame = functions[fn]) => {
    nodes.push({ id: nodes.length + 1, callFrame: { ...callFrame }, hitCount: 0, children: [] });
    depth.push(parentIndex < 0 ? 0 : depth[parentIndex] + 1);
    parent.push(parentIndex);
    functionOf.push(fn);
    if (parentIndex >= 0) nodes[parentIndex].children!.push(nodes.length);
    return nodes.length - 1;
  };
  const native = (name: string) => ({ functionName: name, scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 });
  addNode(-1, -1, native('(root)'));
  const program = addNode(0, -1, native('(program)'));
  const idle = addNode(0, -1, native('(idle)'));
  const gc = addNode(0, -1, native('(garbage collector)'));

  // Chains: each starts where an earlier chain is (at a random depth) and goes 20–60 deep.
  const leaves: number[] = [];
  while (nodes.length < options.frames) {
    let at = 0;
    if (leaves.length > 0) {
      at = leaves[pick(leaves.length)];
      const branchDepth = pick(depth[at]);
      while (depth[at] > branchDepth) at = parent[at];
    }
    const targetDepth = 20 + pick(41);
    while (depth[at] < targetDepth) {
      const siblings = new Set(nodes[at].children!.map((id) => functionOf[id - 1]));
      let fn = at > 0 && rng() < 0.05 ? functionOf[at] : pick(functionCount);
      for (let tries = 0; siblings.has(fn) && tries < 5; tries++) fn = pick(functionCount);
      if (siblings.has(fn)) break;
      at = addNode(at, fn);
    }
    leaves.push(at);
  }

  // Samples: some idle, (program) and GC; otherwise the program moves between nearby stacks (up a
  // few frames, down another way) or jumps to the next chain end in turn, so that with the default
  // sample count every chain gets samples and every node has weight; each stack held 1–5 ticks.
  const sampleCount = options.samples ?? Math.max(1, options.frames);
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let elapsed = 0;
  let current = leaves.length > 0 ? leaves[0] : idle;
  let jumps = 0;
  while (samples.length < sampleCount) {
    const roll = rng();
    let index: number;
    if (roll < 0.1) index = idle;
    else if (roll < 0.15) index = program;
    else if (roll < 0.18) index = gc;
    else if (roll < 0.45 || depth[current] < 2) index = current = leaves.length > 0 ? leaves[jumps++ % leaves.length] : idle;
    else {
      for (let up = 1 + pick(4); up > 0 && depth[current] > 1; up--) current = parent[current];
      while (nodes[current].children!.length > 0 && rng() < 0.9) current = nodes[current].children![pick(nodes[current].children!.length)] - 1;
      index = current;
    }
    for (let run = 1 + pick(5); run > 0 && samples.length < sampleCount; run--) {
      const delta = samples.length === 0 ? 50 : 900 + pick(200);
      samples.push(index + 1);
      timeDeltas.push(delta);
      nodes[index].hitCount! += 1;
      elapsed += delta;
    }
  }
  const startTime = 1_000_000_000;
  return { nodes, startTime, endTime: startTime + elapsed + 1000, samples, timeDeltas };
}
