// The remote console: xterm.js attached to a REPL inside the node. The node does the line editing,
// history and completion; the terminal carries raw keystrokes (and pastes) and shows the bytes that
// come back. The fit add-on keeps the terminal the size of its box (resizes go to the node); the
// search add-on finds text in the scrollback. When the node goes away a marker line says so.
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import type { RemoteConsoleMode } from '../../main/common/console-api.js';
import { useConsole } from '../api/console-context.js';
import { useResolvedTheme } from '../app/theme-context.js';
import { openConsoleSession, type SessionState } from './console-session.js';
import './remote-console.css';

const DARK = { background: '#0b0d11', foreground: '#e6e8eb', cursor: '#8ab4f8', selectionBackground: '#1d2a3f' };
const LIGHT = { background: '#ffffff', foreground: '#1b1f24', cursor: '#0a5bd3', selectionBackground: '#dce8fb' };

export function RemoteConsoleView({ nodeId }: { nodeId: string }) {
  const { client } = useConsole();
  const box = useRef<HTMLDivElement>(null);
  const search = useRef<SearchAddon | null>(null);
  const terminal = useRef<Terminal | null>(null);
  const [mode, setMode] = useState<RemoteConsoleMode>('read_write');
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<SessionState>('connecting');
  const [query, setQuery] = useState('');
  const theme = useResolvedTheme();

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const term = new Terminal({ cursorBlink: true, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13, scrollback: 5000, convertEol: false });
    const fit = new FitAddon();
    const searchAddon = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(searchAddon);
    term.open(element);
    fit.fit();
    terminal.current = term;
    search.current = searchAddon;
    // Ctrl+Shift+C copies the selection (Ctrl+C goes to the node as an interrupt); pasting is the browser's paste event.
    term.attachCustomKeyEventHandler((event) => {
      if (event.type === 'keydown' && event.ctrlKey && event.shiftKey && event.code === 'KeyC') {
        if (term.hasSelection()) void navigator.clipboard?.writeText(term.getSelection());
        event.preventDefault();
        return false;
      }
      return true;
    });
    const session = openConsoleSession(client, { nodeId, mode, cols: term.cols, rows: term.rows }, {
      output: (data) => term.write(data),
      state: setState,
    });
    const dataListener = term.onData((data) => session.send({ type: 'data', data }));
    const resizeListener = term.onResize(({ cols, rows }) => session.send({ type: 'resize', cols, rows }));
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(element);
    term.focus();
    return () => {
      observer.disconnect();
      dataListener.dispose();
      resizeListener.dispose();
      session.close();
      term.dispose();
      terminal.current = null;
      search.current = null;
    };
  }, [client, nodeId, mode, generation]);

  useEffect(() => {
    if (terminal.current !== null) terminal.current.options.theme = theme === 'light' ? LIGHT : DARK;
  }, [theme, generation, mode]);

  const find = (backwards: boolean) => {
    if (query === '') return;
    if (backwards) search.current?.findPrevious(query);
    else search.current?.findNext(query);
  };

  return (
    <div className="remote-console" data-state={state} data-mode={mode}>
      <div className="remote-console-toolbar">
        <label>
          Mode{' '}
          <select value={mode} onChange={(e) => setMode(e.target.value as RemoteConsoleMode)} data-control="console-mode">
            <option value="read_write">Read-write</option>
            <option value="read_only">Read-only (inspection helpers only)</option>
          </select>
        </label>
        <span className={`console-state state-${state}`} role="status">
          {state === 'connecting' ? 'Connecting…' : state === 'open' ? 'Connected' : state === 'exited' ? 'Console ended' : 'Node gone'}
        </span>
        {state === 'exited' || state === 'lost' ? (
          <button type="button" className="button small" onClick={() => setGeneration((g) => g + 1)} data-action="console-reconnect">
            New session
          </button>
        ) : null}
        <form
          className="console-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            find(false);
          }}
        >
          <input type="search" placeholder="Find in output" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Find in console output" />
          <button type="button" className="button small ghost" onClick={() => find(true)} aria-label="Previous match">
            ↑
          </button>
          <button type="submit" className="button small ghost" aria-label="Next match">
            ↓
          </button>
        </form>
        <span className="muted small">Ctrl+Shift+C copies · Ctrl+V pastes · Tab completes · ↑/↓ history</span>
      </div>
      <div className="remote-console-terminal" ref={box} data-terminal />
    </div>
  );
}
