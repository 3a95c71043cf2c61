// The flame graph's tooltip: a DOM element near the cursor (not drawn on the canvas, so tests and
// screen readers can read it) with the frame's name, where it is, and its self and total weight as
// shares of what is on screen and of the whole graph.
import type { FlameLayout, Frame, WeightUnit } from '../model/types.js';
import { formatShare, formatWeight } from './flame-format.js';

export interface TooltipAt {
  index: number;
  /** CSS pixels in the viewport (the tooltip is position: fixed). */
  x: number;
  y: number;
}

export interface FlameTooltipProps {
  at: TooltipAt;
  layout: FlameLayout;
  frames: readonly Frame[];
  unit: WeightUnit;
  /** Weight units on screen (the visible root). */
  visibleSpan: number;
  /** The viewport's size, to open the tooltip towards the side with room. */
  boxWidth: number;
  boxHeight: number;
}

export function frameLocation(frame: Frame): string {
  if (frame.file === '') return 'native code (no script)';
  return frame.line > 0 ? `${frame.file}:${frame.line}` : frame.file;
}

export function FlameTooltip({ at, layout, frames, unit, visibleSpan, boxWidth, boxHeight }: FlameTooltipProps) {
  const frame = frames[layout.frame[at.index]];
  const total = layout.nodeTotal[at.index];
  const self = layout.self[at.index];
  const delta = layout.delta?.[at.index];
  const shares = (w: number) => `${formatShare(w / visibleSpan)} of view · ${formatShare(w / layout.total)} of all`;
  const dx = at.x > boxWidth / 2 ? 'calc(-100% - 12px)' : '12px';
  const dy = at.y > boxHeight / 2 ? 'calc(-100% - 12px)' : '12px';
  return (
    <div className="flame-tooltip" role="tooltip" data-testid="flame-tooltip" style={{ left: at.x, top: at.y, transform: `translate(${dx}, ${dy})` }}>
      <div className="flame-tooltip-name">{frame?.name ?? '(unknown frame)'}</div>
      {frame !== undefined ? <div className="flame-tooltip-file muted">{frameLocation(frame)}</div> : null}
      <dl>
        <dt>Total</dt>
        <dd>
          {formatWeight(total, unit)} <span className="muted">({shares(total)})</span>
        </dd>
        <dt>Self</dt>
        <dd>
          {formatWeight(self, unit)} <span className="muted">({shares(self)})</span>
        </dd>
        {delta !== undefined ? (
          <>
            <dt>Change</dt>
            <dd>
              {delta >= 0 ? '+' : '−'}
              {formatShare(Math.abs(delta))} of the profile {delta >= 0 ? '(grew)' : '(shrank)'}
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
