// Public surface of the node configuration: load and validate node.toml, and the NodeConfig type.
export { ConfigError } from './config-error.js';
export type { ConfigProblem } from './config-error.js';
export { defaultConfig, loadConfig, parseConfig } from './load-config.js';
export type { ParseOptions } from './load-config.js';
export { MODULE_IDS, MODULE_SCHEMAS } from './module-schemas.js';
export type { ModuleId, ModuleOptions } from './module-schemas.js';
export { AUTH_METHODS, LOG_LEVELS, TLS_MODES } from './node-config-schema.js';
export type { NodeConfig, NodeConfigInput } from './node-config-schema.js';
export { DATABASE_FILE_NAME, storagePath } from './storage-path.js';
