// Command line of `npm run bench -- [parts…] [options]`.

export const PARTS = ['logins', 'idle', 'messages', 'observer', 'runtime', 'flame', 'processes'] as const;
/** Parts that need no chat node, accounts or load generator (they bring their own set-up). */
export const STANDALONE_PARTS: readonly BenchPart[] = ['runtime', 'flame', 'processes'];
export type BenchPart = (typeof PARTS)[number];

/** What the observer part's "off" node turns off: all of them by default (issue 3's figure); fewer to find one feature's cost. */
export const OBSERVED_FEATURES = ['tracing', 'metrics', 'logging', 'admin'] as const;
export type ObservedFeature = (typeof OBSERVED_FEATURES)[number];

export interface BenchSizes {
  logins: number;
  loginConcurrency: number;
  idleConnections: number;
  idleConcurrency: number;
  pairs: number;
  rates: number[];
  stepSeconds: number;
  warmupSeconds: number;
  /** Frames of the synthetic profile in the flame part. */
  flameFrames: number;
}

export interface BenchOptions {
  parts: BenchPart[];
  quick: boolean;
  sizes: BenchSizes;
  /** Run each node under `node --cpu-prof` and summarise the profile. */
  profile: boolean;
  /** Also write the JSON summary here. */
  jsonFile: string | undefined;
  /** Keep the temporary folder (config, database, logs, profiles). */
  keep: boolean;
  /** Observer part: the features its "off" node turns off (default: all). */
  observerOff: ObservedFeature[];
  /** Observer part: only the CPU-per-message phases (pairs and together rounds), no rate search. */
  observerCpuOnly: boolean;
  /** Observer part: back-to-back pairs and together rounds at the CPU rate (default: the plan's, 10 or 3 with --quick). */
  observerCpuPairs: number | undefined;
  /** The CPU phases' rate instead of 15,000/s (the together rounds run each node at two thirds of it). */
  observerCpuRate: number | undefined;
  /** Extra node/V8 flags for every node under test (diagnostics such as --trace-gc); their other output goes to a file. */
  nodeFlags: string[];
  help: boolean;
}

const RATES = [10000, 20000, 50000, 100000, 150000, 200000];

export const FULL_SIZES: BenchSizes = {
  logins: 2000,
  loginConcurrency: 50,
  idleConnections: 10000,
  idleConcurrency: 100,
  pairs: 100,
  rates: RATES,
  stepSeconds: 10,
  warmupSeconds: 3,
  flameFrames: 100_000,
};

export const QUICK_SIZES: BenchSizes = {
  logins: 200,
  loginConcurrency: 50,
  idleConnections: 1000,
  idleConcurrency: 100,
  pairs: 100,
  rates: RATES,
  stepSeconds: 3,
  warmupSeconds: 1,
  flameFrames: 100_000,
};

export const USAGE = `Usage: npm run bench -- [logins] [idle] [messages] [observer] [runtime] [flame] [processes] [options]

With no part named, every part runs. flame and processes are the console's (the profiler's flame
graph in Chromium, the process table's refresh at 100,000 processes). Options:
  --quick               smaller sizes and 3 s steps (a smoke run; observer: 2 s steps, about a minute)
  --logins N            accounts in the login bench (default ${FULL_SIZES.logins}, quick ${QUICK_SIZES.logins})
  --login-concurrency N logins in flight (default ${FULL_SIZES.loginConcurrency})
  --idle N              idle connections (default ${FULL_SIZES.idleConnections}, quick ${QUICK_SIZES.idleConnections})
  --pairs N             sender/receiver pairs in the message bench (default ${FULL_SIZES.pairs})
  --rates A,B,…         offered message rates per step, msgs/s (default ${RATES.join(',')})
  --step-seconds S      length of each message step (default ${FULL_SIZES.stepSeconds}, quick ${QUICK_SIZES.stepSeconds})
  --flame-frames N      frames of the flame part's synthetic profile (default ${FULL_SIZES.flameFrames})
  --profile             run the node under --cpu-prof and print its top frames
  --json FILE           also write the JSON summary to FILE
  --keep                keep the temporary folder (config, database, node logs, profiles)
  --observer-off A,B    observer: what its "off" node turns off, of ${OBSERVED_FEATURES.join(', ')} (default: all,
                        issue 3's figure); naming fewer measures their cost alone
  --observer-cpu-only   observer: only the CPU-per-message phases (about 3 minutes), no rate search
  --observer-cpu-pairs N  observer: on/off pairs and together rounds at the CPU rate (default 10, quick 3);
                        a single pair varies by ±12 points, so the mean of N has an error of about 12/√N
  --observer-cpu-rate R  observer: msgs/s of the CPU pairs (default 15000; together rounds: two thirds of R each)
  --node-flags "F …"    node or V8 flags for every node under test, e.g. "--trace-gc" or "--trace-gc-nvp";
                        what the node prints besides its log lines goes to node-output-<node>.txt in the
                        temporary folder (use with --keep)
  --help                this text
`;

export class BenchArgsError extends Error {}

function positiveInteger(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n <= 0) throw new BenchArgsError(`${flag} expects a positive integer, got ${value ?? 'nothing'}`);
  return n;
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const parts = new Set<BenchPart>();
  const quick = argv.includes('--quick');
  const sizes: BenchSizes = { ...(quick ? QUICK_SIZES : FULL_SIZES) };
  const options: BenchOptions = { parts: [], quick, sizes, profile: false, jsonFile: undefined, keep: false, observerOff: [...OBSERVED_FEATURES], observerCpuOnly: false, observerCpuPairs: undefined, observerCpuRate: undefined, nodeFlags: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    switch (arg) {
      case '--quick':
        break;
      case '--profile':
        options.profile = true;
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      case '--json':
        options.jsonFile = value();
        if (options.jsonFile === undefined) throw new BenchArgsError('--json expects a file name');
        break;
      case '--logins':
        sizes.logins = positiveInteger(arg, value());
        break;
      case '--login-concurrency':
        sizes.loginConcurrency = positiveInteger(arg, value());
        break;
      case '--idle':
        sizes.idleConnections = positiveInteger(arg, value());
        break;
      case '--pairs':
        sizes.pairs = positiveInteger(arg, value());
        break;
      case '--step-seconds':
        sizes.stepSeconds = positiveInteger(arg, value());
        break;
      case '--flame-frames':
        sizes.flameFrames = positiveInteger(arg, value());
        break;
      case '--observer-cpu-only':
        options.observerCpuOnly = true;
        break;
      case '--observer-cpu-pairs':
        options.observerCpuPairs = positiveInteger(arg, value());
        break;
      case '--observer-cpu-rate':
        options.observerCpuRate = positiveInteger(arg, value());
        break;
      case '--node-flags': {
        const flags = (value() ?? '').split(' ').filter((f) => f !== '');
        if (flags.length === 0 || flags.some((f) => !f.startsWith('--'))) {
          throw new BenchArgsError(`--node-flags expects node or V8 flags, each starting with --, in one argument (e.g. "--trace-gc"), got "${flags.join(' ')}"`);
        }
        options.nodeFlags.push(...flags);
        break;
      }
      case '--observer-off': {
        const list = (value() ?? '').split(',').map((f) => f.trim());
        const unknown = list.filter((f) => !(OBSERVED_FEATURES as readonly string[]).includes(f));
        if (unknown.length > 0 || list.length === 0) {
          throw new BenchArgsError(`--observer-off expects features among ${OBSERVED_FEATURES.join(', ')}, got "${unknown.join(',') || 'nothing'}"`);
        }
        options.observerOff = OBSERVED_FEATURES.filter((f) => list.includes(f));
        break;
      }
      case '--rates': {
        const list = value();
        sizes.rates = (list ?? '').split(',').map((r) => positiveInteger(arg, r.trim()));
        break;
      }
      default:
        if ((PARTS as readonly string[]).includes(arg)) parts.add(arg as BenchPart);
        else throw new BenchArgsError(`unknown argument "${arg}" (parts: ${PARTS.join(', ')}; see --help)`);
    }
  }
  // Always in the documented order, whatever order they were named in.
  options.parts = parts.size === 0 ? [...PARTS] : PARTS.filter((p) => parts.has(p));
  return options;
}
