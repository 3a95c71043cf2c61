// Writes log lines to stdout or a file without ever making the node wait: lines logged during one
// turn of the event loop are joined and written with one asynchronous fs.write; while the disk or
// the pipe is slower than the node they queue up to a bound, and past it they are dropped (counted).
// A file can rotate by size, logrotate style: node.log is current, node.log.1 the newest old one.
//
// Not sonic-boom (pino.destination, pino-roll): its write() measures the UTF-8 length of its whole
// pending chunk (up to 16 KB) for every line, which cost ~3 µs a line in bench/log-write-bench.ts —
// more than pino's own serialization. Joining per event-loop turn costs ~1 µs.
import { close as closeCb, fstatSync, open as openCb, openSync, write as fsWrite, writeSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';

// Raw descriptors rather than FileHandles: a FileHandle left to the GC is closed with a warning.
const close = promisify(closeCb);
const open = promisify(openCb);

export interface LineWriterOptions {
  /** Most characters queued; lines past it are dropped and counted. */
  maxBufferBytes: number;
  /** The output failed (reported once; later failures only count as dropped lines). */
  onError(err: Error): void;
}

export interface FileWriterOptions extends LineWriterOptions {
  path: string;
  /** Rotate before a line would take the current file past this size (a longer line gets a file of its own). */
  maxBytes: number;
  /** Rotated files kept besides the current one (path.1 … path.keep). */
  keep: number;
}

/** A write that cannot complete now (a non-blocking pipe is full) is retried after this long. */
const RETRY_MS = 10;

export class LineWriter {
  private fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  private pendingLines = 0;
  private writing = false;
  private scheduled = false;
  private rotating = false;
  private closing = false;
  private failed = false;
  private droppedLines = 0;
  private reportedError = false;
  private fileBytes: number;
  private idleWaiters: (() => void)[] = [];

  private constructor(
    fd: number,
    private readonly opts: LineWriterOptions,
    private readonly file: FileWriterOptions | undefined,
  ) {
    this.fd = fd;
    this.fileBytes = file === undefined ? 0 : fstatSync(fd).size;
  }

  /** Writes to an inherited descriptor (1 for stdout), which close() leaves open. */
  static toDescriptor(fd: number, opts: LineWriterOptions): LineWriter {
    return new LineWriter(fd, opts, undefined);
  }

  /** Appends to a file, rotating by size; opening is synchronous so a bad path fails at once. */
  static toFile(opts: FileWriterOptions): LineWriter {
    return new LineWriter(openSync(opts.path, 'a'), opts, opts);
  }

  /** Lines not written: the queue was full, the output failed, or the writer was closed. */
  get dropped(): number {
    return this.droppedLines;
  }

  write(line: string): void {
    if (this.closing || this.failed || this.pendingChars + line.length > this.opts.maxBufferBytes) {
      this.droppedLines++;
      return;
    }
    this.pending.push(line);
    this.pendingChars += line.length;
    this.pendingLines++;
    if (!this.scheduled && !this.writing && !this.rotating) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes what is queued synchronously: for process exit, when no callback will run again. */
  flushSync(): void {
    if (this.failed || this.pending.length === 0 || this.fd < 0) return;
    const { data } = this.takePending(Infinity);
    let offset = 0;
    for (let attempts = 0; offset < data.length && attempts < 1000; attempts++) {
      try {
        offset += writeSync(this.fd, data, offset, data.length - offset);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      }
    }
  }

  /** Writes out what is queued, then closes the file (an inherited descriptor stays open). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.scheduled || this.writing || this.rotating || this.pending.length > 0) {
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        if (!this.writing && !this.rotating) this.flush();
      });
    }
    if (this.file !== undefined && this.fd >= 0) {
      const fd = this.fd;
      this.fd = -1;
      await close(fd).catch(() => {});
    }
  }

  /** Takes queued lines (at least one) up to `room` characters, as one buffer. */
  private takePending(room: number): { data: Buffer; lines: number } {
    const pending = this.pending;
    let count = pending.length;
    let chars = this.pendingChars;
    if (chars > room) {
      chars = pending[0].length;
      count = 1;
      while (count < pending.length && chars + pending[count].length <= room) chars += pending[count++].length;
    }
    const taken = count === pending.length ? pending : pending.slice(0, count);
    this.pending = count === pending.length ? [] : pending.slice(count);
    this.pendingChars -= chars;
    this.pendingLines -= count;
    return { data: Buffer.from(taken.length === 1 ? taken[0] : taken.join(''), 'utf8'), lines: count };
  }

  private flush(): void {
    this.scheduled = false;
    if (this.writing || this.rotating) return;
    if (this.pending.length === 0 || this.failed || this.fd < 0) return this.becameIdle();
    const file = this.file;
    // Rotate before a line would take the file past its size, so files stay within it.
    if (file !== undefined && this.fileBytes > 0 && this.fileBytes + this.pending[0].length > file.maxBytes) {
      void this.rotate(file);
      return;
    }
    const { data, lines } = this.takePending(file === undefined ? Infinity : file.maxBytes - this.fileBytes);
    this.writing = true;
    this.writeFrom(data, 0, lines);
  }

  private writeFrom(data: Buffer, offset: number, lines: number): void {
    fsWrite(this.fd, data, offset, data.length - offset, null, (err, written) => {
      if (err !== null) {
        if (err.code === 'EAGAIN') {
          setTimeout(() => this.writeFrom(data, offset, lines), RETRY_MS).unref();
          return;
        }
        this.writing = false;
        this.fail(err, lines);
        return;
      }
      if (offset + written < data.length) return this.writeFrom(data, offset + written, lines);
      this.writing = false;
      this.fileBytes += data.length;
      this.flush();
    });
  }

  private async rotate(file: FileWriterOptions): Promise<void> {
    this.rotating = true;
    try {
      await close(this.fd);
      this.fd = -1;
      await unlink(`${file.path}.${file.keep + 1}`).catch(() => {});
      for (let i = file.keep; i >= 1; i--) {
        const from = i === 1 ? file.path : `${file.path}.${i - 1}`;
        await rename(from, `${file.path}.${i}`).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
      }
    } catch (err) {
      this.fail(err as Error, 0);
    }
    try {
      this.fd = await open(file.path, 'a');
      this.fileBytes = 0;
    } catch (err) {
      this.fail(err as Error, 0);
      this.failed = true;
    }
    this.rotating = false;
    this.flush();
  }

  private fail(err: Error, lines: number): void {
    this.droppedLines += lines;
    // A closed pipe will not come back: stop writing instead of failing on every line.
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') this.failed = true;
    if (!this.reportedError) {
      this.reportedError = true;
      this.opts.onError(err);
    }
    this.flush();
  }

  private becameIdle(): void {
    if (this.failed) {
      this.droppedLines += this.pendingLines;
      this.pending = [];
      this.pendingChars = 0;
      this.pendingLines = 0;
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
