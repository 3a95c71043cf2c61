export * from './traces.js';
export * from './profiles.js';
export * from './console.js';
export * from './metrics.js';
export * from './node.js';
export * from './sessions.js';
export * from './users.js';
export * from './processes.js';
