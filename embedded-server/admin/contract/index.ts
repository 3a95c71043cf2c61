export * from './traces.js';
export * from './profiles.js';
export * from './console.js';
