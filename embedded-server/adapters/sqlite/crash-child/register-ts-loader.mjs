// Passed to `node --import`; installs ts-loader-hooks.mjs before the child's entry module loads.
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
