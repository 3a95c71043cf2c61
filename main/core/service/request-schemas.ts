// What the console core accepts on each channel, checked before a handler runs: the renderer is
// trusted code, but a wrong payload should fail with a coded bad_request that names the field,
// not deep inside a handler. Declared per channel name so a new channel cannot be left out.
import * as z from 'zod';
import type { FilterOf, RequestName, RequestOf, StreamName } from '../../common/console-api.js';
import { LOG_LEVELS } from '../../common/log-views.js';
import { PROCESS_LIMITS } from '../../common/process-views.js';
import { PROFILE_LIMITS } from '../../common/profile-views.js';
import { TRAFFIC_LIMITS } from '../traffic/traffic-generator.js';

const none = z.union([z.undefined(), z.null(), z.strictObject({})]).transform(() => undefined);
const nodeId = z.string().min(1).max(200);
const nodeRef = z.strictObject({ nodeId });
const nodeIds = z.array(nodeId).max(1000).optional();
const pid = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const processRef = z.strictObject({ nodeId, pid });
const processMetric = z.enum(['mailbox', 'handled', 'memory']);
const consoleSessionId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
// The node's own client-message schema (embedded-server/admin/contract/console.ts) checks it again.
const consoleMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('data'), data: z.string().max(64 * 1024) }),
  z.strictObject({ type: z.literal('resize'), cols: z.number().int().min(20).max(1000), rows: z.number().int().min(5).max(1000) }),
  z.strictObject({ type: z.literal('eof') }),
]);
const profileDurationS = z.number().min(PROFILE_LIMITS.minDurationS).max(PROFILE_LIMITS.maxDurationS);
const seriesNames = z.array(z.string().regex(/^[a-z0-9_]+$/)).min(1).max(100).optional();

const logFilter = z
  .strictObject({
    level: z.enum(Object.keys(LOG_LEVELS) as [keyof typeof LOG_LEVELS, ...(keyof typeof LOG_LEVELS)[]]).optional(),
    what: z.array(z.string().min(1).max(200)).max(100).optional(),
    module: z.array(z.string().min(1).max(200)).max(100).optional(),
    jid: z.string().min(1).max(3071).optional(),
    pid: z.number().int().min(0).optional(),
    trace_id: z.string().min(1).max(64).optional(),
    text: z.string().max(1000).optional(),
  })
  .optional();

export const REQUEST_SCHEMAS: { [N in RequestName]: z.ZodType<RequestOf<N>> } = {
  'console.info': none,
  'nodes.list': none,
  'nodes.get': nodeRef,
  'nodes.overview': none,
  'nodes.output': z.strictObject({ nodeId, limit: z.number().int().min(1).max(100_000).optional() }),
  'localNodes.create': z.union([z.undefined(), z.null()]).transform(() => ({})).or(z.strictObject({ name: z.string().optional() })),
  'localNodes.start': nodeRef,
  'localNodes.stop': nodeRef,
  'localNodes.restart': nodeRef,
  'localNodes.kill': nodeRef,
  'traffic.start': z.strictObject({
    nodeId,
    users: z.number().int().min(TRAFFIC_LIMITS.minUsers).max(TRAFFIC_LIMITS.maxUsers),
    ratePerSec: z.number().min(TRAFFIC_LIMITS.minRate).max(TRAFFIC_LIMITS.maxRate),
    maxDurationS: z.number().int().min(1).max(TRAFFIC_LIMITS.maxDurationS).optional(),
  }),
  'traffic.stop': nodeRef,
  'traffic.status': nodeRef,
  'logs.query': z.strictObject({ nodeIds, filter: logFilter, limit: z.number().int().min(1).max(100_000).optional() }),
  'metrics.catalog': nodeRef,
  'metrics.history': z.strictObject({
    nodeId,
    series: seriesNames,
    fromMs: z.number().int().min(0).optional(),
    toMs: z.number().int().min(0).optional(),
    maxPoints: z.number().int().min(2).max(10_000).optional(),
  }),
  'processes.list': z.strictObject({
    nodeId,
    kind: z.string().min(1).max(100).optional(),
    serves: z.string().max(3071).optional(),
    sort: processMetric.optional(),
    offset: z.number().int().min(0).max(1_000_000).optional(),
    limit: z.number().int().min(1).max(PROCESS_LIMITS.maxPage).optional(),
  }),
  'processes.top': z.strictObject({
    nodeId,
    by: processMetric,
    n: z.number().int().min(1).max(PROCESS_LIMITS.maxTopN),
    windowMs: z.number().int().min(1).max(PROCESS_LIMITS.maxWindowMs).optional(),
  }),
  'processes.info': z.strictObject({
    nodeId,
    pid,
    peekOffset: z.number().int().min(0).optional(),
    peekLimit: z.number().int().min(0).max(PROCESS_LIMITS.maxPeek).optional(),
  }),
  'processes.suspend': processRef,
  'processes.resume': processRef,
  'processes.kill': processRef,
  'profiles.cpu': z.strictObject({
    nodeId,
    durationS: profileDurationS,
    samplingIntervalUs: z.number().int().min(PROFILE_LIMITS.minSamplingIntervalUs).max(PROFILE_LIMITS.maxSamplingIntervalUs).optional(),
  }),
  'profiles.heap': z.strictObject({
    nodeId,
    durationS: profileDurationS,
    samplingIntervalBytes: z.number().int().min(PROFILE_LIMITS.minSamplingIntervalBytes).max(PROFILE_LIMITS.maxSamplingIntervalBytes).optional(),
  }),
  'profiles.status': nodeRef,
  'traces.list': z.strictObject({
    nodeId,
    minDurationMs: z.number().min(0).optional(),
    errorsOnly: z.boolean().optional(),
    jid: z.string().max(3071).optional(),
    spanName: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    beforeMs: z.number().optional(),
  }),
  'traces.get': z.strictObject({ nodeId, traceId: z.string().regex(/^[0-9a-f]{1,64}$/i) }),
  'remoteConsole.input': z.strictObject({ sessionId: consoleSessionId, message: consoleMessage }),
} as { [N in RequestName]: z.ZodType<RequestOf<N>> };

export const STREAM_SCHEMAS: { [N in StreamName]: z.ZodType<FilterOf<N>> } = {
  'logs.tail': z.union([z.undefined(), z.null()]).transform(() => ({})).or(z.strictObject({ nodeIds, filter: logFilter })),
  'metrics.live': z.strictObject({ nodeId, series: seriesNames }),
  'nodes.changed': none,
  'processes.trace': z.strictObject({
    nodeId,
    pid,
    maxEvents: z.number().int().min(1).max(PROCESS_LIMITS.maxTraceEvents).optional(),
    maxRate: z.number().int().min(1).max(PROCESS_LIMITS.maxTraceRate).optional(),
  }),
  'remoteConsole.session': z.strictObject({
    nodeId,
    sessionId: consoleSessionId,
    mode: z.enum(['read_write', 'read_only']).optional(),
    cols: z.number().int().min(20).max(1000).optional(),
    rows: z.number().int().min(5).max(1000).optional(),
  }),
} as { [N in StreamName]: z.ZodType<FilterOf<N>> };
