// The virtualized tail. Follow keeps the newest line in view; any upward scroll by the user (wheel,
// keys, scrollbar) pauses it, and a "N new lines" button jumps back. While paused, lines pushed
// out of the buffer at the top are compensated so the line being read stays where it is.
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatCount } from '../app/format.js';
import type { FieldFilter } from './log-filter.js';
import type { LogRecord } from './log-record.js';
import { LogRow, type RowOptions } from './log-row.js';
import type { LogView } from './log-view.js';
import { LIST_REPAINT_MS, useLogViewVersion } from './use-log-view.js';

export const ROW_HEIGHT = 22;
const BOTTOM_SLACK = ROW_HEIGHT * 1.5;

interface Props extends RowOptions {
  view: LogView;
  selected: LogRecord | null;
  onSelect(record: LogRecord | null): void;
  onFilter(field: FieldFilter): void;
  emptyText: string;
}

function LogListInner({ view, showNode, showTime, wrap, selected, onSelect, onFilter, emptyText }: Props) {
  useLogViewVersion(view, LIST_REPAINT_MS);
  const scrollRef = useRef<HTMLDivElement>(null);
  const followRef = useRef(true);
  const [follow, setFollowState] = useState(true);
  const appendedAtPause = useRef(0);
  const lastTrimmed = useRef(view.trimmedTotal);
  const autoTop = useRef(0);
  const count = view.length;

  const setFollow = useCallback(
    (on: boolean) => {
      if (followRef.current === on) return;
      followRef.current = on;
      if (!on) appendedAtPause.current = view.appendedTotal;
      setFollowState(on);
    },
    [view],
  );

  // While following, the rows to draw are the last ones whatever the current scroll offset: the
  // list is drawn at the bottom in one pass instead of once at the old offset and again after the
  // scroll to the end.
  const viewportHeight = useRef(0);
  const rangeExtractor = useCallback((range: Range) => {
    if (!followRef.current || range.count === 0) return defaultRangeExtractor(range);
    const rows = Math.ceil(viewportHeight.current / ROW_HEIGHT) + 1 + range.overscan;
    const indexes: number[] = [];
    for (let i = Math.max(0, range.count - rows); i < range.count; i++) indexes.push(i);
    return indexes;
  }, []);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el === null) return;
    viewportHeight.current = el.clientHeight;
    const observer = new ResizeObserver((entries) => (viewportHeight.current = entries[0].contentRect.height));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const virtualizer = useVirtualizer({
    rangeExtractor,
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    // Measured heights (wrap) are cached per key, so keys must follow the records as the front of the
    // list is trimmed; fixed-height rows need no keys, which saves a call per row on every update.
    getItemKey: wrap ? (index) => view.at(index)?.order ?? index : undefined,
    // The list repaints on its own schedule; a synchronous React flush per scroll event only adds work.
    useFlushSync: false,
  });

  // A new view (filter or scope changed) starts at the bottom, following.
  useEffect(() => {
    lastTrimmed.current = view.trimmedTotal;
    followRef.current = true;
    setFollowState(true);
  }, [view]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el === null) return;
    const trimmed = view.trimmedTotal - lastTrimmed.current;
    lastTrimmed.current = view.trimmedTotal;
    if (followRef.current) {
      // From the virtualizer's total size, not scrollHeight: reading that would force a layout now.
      const bottom = Math.max(0, virtualizer.getTotalSize() - viewportHeight.current);
      if (el.scrollTop !== bottom) el.scrollTop = bottom;
      autoTop.current = bottom;
    } else if (trimmed > 0 && !wrap) {
      el.scrollTop = Math.max(0, el.scrollTop - trimmed * ROW_HEIGHT);
    }
  });

  const onScroll = () => {
    const el = scrollRef.current;
    if (el === null) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK;
    if (atBottom) setFollow(true);
    else if (el.scrollTop < autoTop.current - 1) setFollow(false);
    autoTop.current = Math.min(autoTop.current, el.scrollTop);
  };

  const jumpToEnd = () => {
    setFollow(true);
    const el = scrollRef.current;
    if (el !== null) el.scrollTop = el.scrollHeight;
  };

  const selectedIndex = selected === null ? -1 : findIndex(view, selected);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      // With nothing selected, start from the edge of what is on screen.
      const el = scrollRef.current;
      const firstShown = el === null ? 0 : Math.ceil(el.scrollTop / ROW_HEIGHT);
      const lastShown = el === null ? count - 1 : Math.floor((el.scrollTop + viewportHeight.current) / ROW_HEIGHT) - 1;
      const from = selectedIndex !== -1 ? selectedIndex : event.key === 'ArrowUp' ? Math.min(count, lastShown + 1) : firstShown - 1;
      const next = Math.max(0, Math.min(count - 1, from + (event.key === 'ArrowDown' ? 1 : -1)));
      if (count === 0) return;
      if (next < count - 1) setFollow(false);
      onSelect(view.at(next));
      virtualizer.scrollToIndex(next, { align: 'auto' });
    } else if (event.key === 'Escape') {
      onSelect(null);
    } else if (event.key === 'End') {
      jumpToEnd();
    } else if (event.key === 'PageUp' || event.key === 'Home') {
      setFollow(false);
    }
  };

  const newLines = follow ? 0 : view.appendedTotal - appendedAtPause.current;
  return (
    <div className="log-list-frame">
      <div
        ref={scrollRef}
        className="log-list"
        // Not role="log": a live region would have a screen reader read out thousands of lines a second.
        role="region"
        aria-label="Log lines: arrow keys select a line and show it in full, Escape closes it"
        tabIndex={0}
        onScroll={onScroll}
        onWheel={(event) => {
          if (event.deltaY < 0) setFollow(false);
        }}
        onKeyDown={onKeyDown}
      >
        {count === 0 ? <div className="log-empty">{emptyText}</div> : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const record = view.at(item.index);
            if (record === undefined) return null;
            return (
              <div
                key={record.order}
                data-index={item.index}
                ref={wrap ? virtualizer.measureElement : undefined}
                className="log-row-slot"
                style={{ transform: `translateY(${item.start}px)`, height: wrap ? undefined : ROW_HEIGHT }}
              >
                <LogRow
                  record={record}
                  showNode={showNode}
                  showTime={showTime}
                  wrap={wrap}
                  selected={record === selected}
                  onFilter={onFilter}
                  onSelect={onSelect}
                />
              </div>
            );
          })}
        </div>
      </div>
      {!follow ? (
        <button type="button" className="button primary new-lines" onClick={jumpToEnd}>
          {newLines > 0 ? `↓ ${formatCount(newLines)} new line${newLines === 1 ? '' : 's'}` : '↓ Follow'}
        </button>
      ) : null}
    </div>
  );
}

export const LogList = memo(LogListInner);

function findIndex(view: LogView, record: LogRecord): number {
  // The view is sorted by ingest order: binary search.
  let lo = 0;
  let hi = view.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const order = view.at(mid).order;
    if (order === record.order) return mid;
    if (order < record.order) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
