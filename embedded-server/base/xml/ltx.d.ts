// ltx ships no type declarations. The parser does not use ltx; its benchmark and tests use it as a
// baseline and as a reference implementation for well-formed input.
declare module 'ltx/src/parsers/ltx.js' {
  import { EventEmitter } from 'node:events';
  export default class SaxLtx extends EventEmitter {
    write(data: string): void;
    end(data?: string): void;
  }
}

declare module 'ltx/src/parse.js' {
  export default function parse(data: string): { toString(): string };
}
