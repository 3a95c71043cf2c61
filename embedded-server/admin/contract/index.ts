export * from './traces.js';
