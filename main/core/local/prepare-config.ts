// Before each start: the node's node.toml is written from the spec the first time and kept after
// that (a user's edits survive). Its listener ports are read back, and a port another process took
// since the last run moves to a free one, so a restart after a reboot does not fail for nothing.
// A file that is not valid TOML is left alone: the node itself reports it at config_valid.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'smol-toml';
import { isPortFree, probeFreePort } from './free-port.js';
import { configPath, writeNodeConfig, type LocalNodeSpec } from './local-node-spec.js';

type PortKey = keyof LocalNodeSpec['ports'];
const PORT_KEYS: readonly PortKey[] = ['c2s', 'websocket', 'admin'];

export interface PreparedConfig {
  spec: LocalNodeSpec;
  /** One line per port moved, for the node's output. */
  notes: string[];
}

function validPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536;
}

export async function prepareConfig(spec: LocalNodeSpec): Promise<PreparedConfig> {
  const path = configPath(spec);
  if (!existsSync(path)) writeNodeConfig(spec);
  let document: Record<string, unknown>;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch {
    return { spec, notes: [] };
  }
  const listen = (document.listen ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const ports = { ...spec.ports };
  const notes: string[] = [];
  let changed = false;
  for (const key of PORT_KEYS) {
    const section = listen[key];
    const port = section?.port;
    // Invalid values are the node's to report, with the key named.
    if (section === undefined || !validPort(port)) continue;
    ports[key] = port;
    if (await isPortFree(port)) continue;
    let next = await probeFreePort();
    while (Object.values(ports).includes(next)) next = await probeFreePort();
    notes.push(`console: port ${port} (listen.${key}) is in use; moved to ${next} in ${path}`);
    section.port = next;
    ports[key] = next;
    changed = true;
  }
  if (changed) writeFileSync(path, stringify(document) + '\n', { mode: 0o600 });
  return { spec: { ...spec, ports }, notes };
}
