// The one error the profiler model throws for a file it cannot read: it names the kind of file and
// what is wrong with it, so the view can show the message as is ("Not a valid .cpuprofile: ...").
import type { SourceFormat } from './types.js';

export class ProfileFormatError extends Error {
  /** The format the file was read as; 'unknown' when none was recognised. */
  readonly format: SourceFormat | 'unknown';

  constructor(format: SourceFormat | 'unknown', message: string) {
    super(message);
    this.name = 'ProfileFormatError';
    this.format = format;
  }
}

const FORMAT_NAMES: Record<SourceFormat, string> = {
  cpuprofile: '.cpuprofile',
  heapprofile: 'heap profile',
  speedscope: 'speedscope file',
  folded: 'folded stacks file',
};

/** `Not a valid .cpuprofile: <problem>`. */
export function formatError(format: SourceFormat, problem: string): ProfileFormatError {
  return new ProfileFormatError(format, `Not a valid ${FORMAT_NAMES[format]}: ${problem}`);
}
