// Draws a chart only while it is on screen, and takes its turn in a frame queue to redraw: recharts
// spends its time per point, so twelve charts redrawn together would hold the main thread for one
// long task. Off-screen charts keep their last drawing; a chart never seen yet is a placeholder.
import { useEffect, useState, type ComponentProps } from 'react';
import { useInView } from '../app/use-in-view.js';
import type { FrameQueue } from './frame-queue.js';
import { MetricChart } from './metric-chart.js';

type Props = ComponentProps<typeof MetricChart> & { queue: FrameQueue };

export function VisibleChart({ queue, ...props }: Props) {
  const [ref, inView] = useInView<HTMLDivElement>();
  const [shown, setShown] = useState<ComponentProps<typeof MetricChart> | null>(null);
  const { spec, window, width, height, endMs, rangeMs } = props;
  useEffect(() => {
    if (!inView) return;
    queue.schedule(spec.id, () => setShown({ spec, window, width, height, endMs, rangeMs }));
    return () => queue.cancel(spec.id);
  }, [queue, inView, spec, window, width, height, endMs, rangeMs]);
  return (
    <div ref={ref} className="chart-slot" style={{ minHeight: height + 44 }}>
      {shown === null ? (
        <figure className="chart placeholder" aria-label={spec.title}>
          <figcaption className="chart-header">
            <span className="chart-title">{spec.title}</span>
          </figcaption>
        </figure>
      ) : (
        <MetricChart {...shown} />
      )}
    </div>
  );
}
