// speedscope's file format (https://www.speedscope.app/file-format-schema.json) → Profile. A file
// holds frames shared by one or more profiles; each profile is "sampled" (stacks of frame indices
// with weights) or "evented" (open/close events at times). One profile is read at a time, the
// first by default; speedscopeProfileNames lists them so the view can offer the others.
import { CallTreeBuilder } from './call-tree.js';
import { FrameTable } from './frames.js';
import { isObject, nextProfileId, type ParseOptions } from './parse-options.js';
import { formatError } from './profile-error.js';
import type { CallNode, Profile, ProfileKind, TimelineSample, WeightUnit } from './types.js';

export const SPEEDSCOPE_SCHEMA = 'https://www.speedscope.app/file-format-schema.json';

export interface SpeedscopeOptions extends ParseOptions {
  /** Which of the file's profiles to read; 0 (the first) by default. */
  profileIndex?: number;
}

interface SpeedscopeFrame {
  name: string;
  file?: string;
  line?: number;
  col?: number;
}

/** µs per unit for the time units; bytes and none keep their values. */
const UNITS: Record<string, { kind: ProfileKind; unit: WeightUnit; scale: number }> = {
  nanoseconds: { kind: 'cpu', unit: 'microseconds', scale: 1e-3 },
  microseconds: { kind: 'cpu', unit: 'microseconds', scale: 1 },
  milliseconds: { kind: 'cpu', unit: 'microseconds', scale: 1e3 },
  seconds: { kind: 'cpu', unit: 'microseconds', scale: 1e6 },
  bytes: { kind: 'heap', unit: 'bytes', scale: 1 },
  none: { kind: 'cpu', unit: 'samples', scale: 1 },
};

const fail = (problem: string) => formatError('speedscope', problem);

export function isSpeedscopeDocument(document: Record<string, unknown>): boolean {
  return (typeof document.$schema === 'string' && document.$schema.includes('speedscope')) || (isObject(document.shared) && Array.isArray(document.shared.frames));
}

/** The names of the file's profiles, in order ("Profile 2" for one without a name). */
export function speedscopeProfileNames(document: unknown): string[] {
  if (!isObject(document) || !Array.isArray(document.profiles)) return [];
  return document.profiles.map((profile, index) => (isObject(profile) && typeof profile.name === 'string' ? profile.name : `Profile ${index + 1}`));
}

export function fromSpeedscope(document: unknown, options: SpeedscopeOptions = {}): Profile {
  if (!isObject(document)) throw fail('expected a JSON object');
  if (!isObject(document.shared) || !Array.isArray(document.shared.frames)) throw fail('expected "shared.frames", an array');
  if (!Array.isArray(document.profiles) || document.profiles.length === 0) throw fail('expected "profiles", a non-empty array');
  const index = options.profileIndex ?? 0;
  const source = document.profiles[index];
  if (!isObject(source)) throw fail(`there is no profile ${index} (the file has ${document.profiles.length})`);
  const units = UNITS[String(source.unit)];
  if (!units) throw fail(`profile ${index} has unit ${JSON.stringify(source.unit)}; expected one of ${Object.keys(UNITS).join(', ')}`);

  const frames = new FrameResolver(document.shared.frames);
  const builder = new CallTreeBuilder();
  let timeline: TimelineSample[];
  if (source.type === 'sampled') timeline = readSampled(source, index, units.scale, frames, builder);
  else if (source.type === 'evented') timeline = readEvented(source, index, units.scale, frames, builder);
  else throw fail(`profile ${index} has type ${JSON.stringify(source.type)}; expected "sampled" or "evented"`);

  const root = builder.finish();
  const names = speedscopeProfileNames(document);
  const fileName = options.name ?? (typeof document.name === 'string' ? document.name : 'speedscope profile');
  return {
    id: options.id ?? nextProfileId(),
    name: names.length > 1 ? `${fileName} (${names[index]})` : fileName,
    kind: units.kind,
    unit: units.unit,
    frames: frames.table.frames,
    root,
    total: root.total,
    // Byte weights have no time order to show.
    timeline: units.unit === 'bytes' ? undefined : timeline,
    source: 'speedscope',
  };
}

/** Maps the file's frame indices to the profile's frame table, checking each on first use. */
class FrameResolver {
  readonly table = new FrameTable();
  private readonly indices: number[] = [];

  constructor(private readonly shared: unknown[]) {}

  resolve(index: unknown, where: string): number {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= this.shared.length) {
      throw fail(`${where} refers to frame ${JSON.stringify(index)}, but shared.frames has ${this.shared.length}`);
    }
    let resolved = this.indices[index];
    if (resolved === undefined) {
      const frame = this.shared[index];
      if (!isObject(frame) || typeof frame.name !== 'string') throw fail(`shared.frames[${index}] has no "name"`);
      const { name, file, line, col } = frame as unknown as SpeedscopeFrame;
      resolved = this.table.intern(name, typeof file === 'string' ? file : '', positive(line), positive(col));
      this.indices[index] = resolved;
    }
    return resolved;
  }
}

function positive(value: unknown): number {
  return typeof value === 'number' && value > 0 ? value : 0;
}

function readSampled(source: Record<string, unknown>, index: number, scale: number, frames: FrameResolver, builder: CallTreeBuilder): TimelineSample[] {
  const { samples, weights } = source;
  if (!Array.isArray(samples)) throw fail(`profile ${index} (sampled) has no "samples" array`);
  if (!Array.isArray(weights) || weights.length !== samples.length) {
    throw fail(`profile ${index} (sampled) needs one weight per sample (${samples.length} samples, ${Array.isArray(weights) ? weights.length : 'no'} weights)`);
  }
  const timeline: TimelineSample[] = [];
  samples.forEach((stack, sample) => {
    if (!Array.isArray(stack)) throw fail(`profile ${index} samples[${sample}] is not an array of frame indices`);
    const weight = weights[sample];
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) throw fail(`profile ${index} weights[${sample}] is not a non-negative number`);
    let node = builder.root;
    for (const frame of stack) node = builder.child(node, frames.resolve(frame, `profile ${index} samples[${sample}]`));
    addSample(timeline, node, weight * scale);
  });
  return timeline;
}

function readEvented(source: Record<string, unknown>, index: number, scale: number, frames: FrameResolver, builder: CallTreeBuilder): TimelineSample[] {
  const { events } = source;
  if (!Array.isArray(events)) throw fail(`profile ${index} (evented) has no "events" array`);
  const timeline: TimelineSample[] = [];
  const open: { frame: number; node: CallNode }[] = [];
  let node = builder.root;
  let time = typeof source.startValue === 'number' ? source.startValue : undefined;
  const advance = (at: number) => {
    if (time !== undefined && at > time && node !== builder.root) addSample(timeline, node, (at - time) * scale);
    time = at;
  };
  events.forEach((event, number) => {
    const where = `profile ${index} events[${number}]`;
    if (!isObject(event) || typeof event.at !== 'number') throw fail(`${where} has no numeric "at"`);
    if (time !== undefined && event.at < time) throw fail(`${where} is at ${event.at}, before the previous event (${time})`);
    advance(event.at);
    const frame = frames.resolve(event.frame, where);
    if (event.type === 'O') {
      node = builder.child(node, frame);
      open.push({ frame, node });
    } else if (event.type === 'C') {
      const top = open.pop();
      if (!top || top.frame !== frame) throw fail(`${where} closes frame ${String(event.frame)}, which is not the innermost open frame`);
      node = open.length > 0 ? open[open.length - 1].node : builder.root;
    } else {
      throw fail(`${where} has type ${JSON.stringify(event.type)}; expected "O" or "C"`);
    }
  });
  // Frames still open at the end last until endValue.
  if (typeof source.endValue === 'number') advance(source.endValue);
  return timeline;
}

function addSample(timeline: TimelineSample[], node: CallNode, weight: number): void {
  node.self += weight;
  const last = timeline[timeline.length - 1];
  if (last && last.node === node) last.weight += weight;
  else timeline.push({ node, weight });
}
