// ltx ships no type declarations. The parser does not use ltx; the parser tests use ltx's parse()
// as a reference implementation for well-formed input.
declare module 'ltx/src/parse.js' {
  export default function parse(data: string): { toString(): string };
}
