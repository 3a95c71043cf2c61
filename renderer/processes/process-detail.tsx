// One process: what the node reports about it, its links and state, one page of its mailbox at a
// time (never the whole queue), suspend/resume/kill behind a confirmation, and a message trace.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProcessDetail } from '../../main/common/process-views.js';
import { useConsole } from '../api/console-context.js';
import { ConfirmDialog } from '../app/confirm-dialog.js';
import { formatBytes, formatCount, formatDateTime } from '../app/format.js';
import { prettyXml } from './pretty-xml.js';
import { ProcessTracePanel } from './process-trace-panel.js';
import { TABLE_REFRESH_MS } from './use-process-table.js';

export const MAILBOX_PAGE = 20;

type Action = 'suspend' | 'resume' | 'kill';
const ACTION_TEXT: Record<Action, { label: string; explain: string }> = {
  suspend: { label: 'Suspend', explain: 'The process stops handling messages; its mailbox keeps filling until it is resumed.' },
  resume: { label: 'Resume', explain: 'The process handles its mailbox again, oldest message first.' },
  kill: { label: 'Kill', explain: 'The process ends with reason “killed” (it cannot trap it). A client session is closed with <policy-violation/>.' },
};

const pidText = (pid: number) => `<0.${pid}.0>`;

export function ProcessDetailPanel({ nodeId, pid, onSelect, onClose }: { nodeId: string; pid: number; onSelect(pid: number): void; onClose(): void }) {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const [confirm, setConfirm] = useState<Action | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const detail = useQuery<ProcessDetail>({
    queryKey: ['process', nodeId, pid, offset],
    queryFn: () => client.request('processes.info', { nodeId, pid, peekOffset: offset, peekLimit: MAILBOX_PAGE }),
    refetchInterval: TABLE_REFRESH_MS,
    placeholderData: keepPreviousData,
    retry: false,
  });

  const act = async (action: Action) => {
    setConfirm(null);
    setActionError(null);
    try {
      await client.request(`processes.${action}`, { nodeId, pid });
    } catch (error) {
      setActionError((error as Error).message);
    }
    await queryClient.invalidateQueries({ queryKey: ['process', nodeId, pid] });
    await queryClient.invalidateQueries({ queryKey: ['processes', nodeId] });
  };

  const p = detail.data;
  const gone = detail.error !== null && p === undefined;
  return (
    <section className="process-detail" aria-label={`Process ${pidText(pid)}`} data-detail-pid={pid}>
      <header className="process-detail-head">
        <h2 className="mono">{pidText(pid)}</h2>
        {p !== undefined ? (
          <span className="muted">
            {p.kind}
            {p.serves !== undefined ? ` · ${p.serves}` : ''}
            {p.name !== undefined ? ` · ${p.name}` : ''}
          </span>
        ) : null}
        <span className="spacer" />
        <div className="button-group">
          {p?.status === 'suspended' ? (
            <button type="button" className="button" onClick={() => setConfirm('resume')}>
              Resume
            </button>
          ) : (
            <button type="button" className="button" disabled={p === undefined || p.status === 'exited'} onClick={() => setConfirm('suspend')}>
              Suspend
            </button>
          )}
          <button type="button" className="button danger" disabled={p === undefined || p.status === 'exited'} onClick={() => setConfirm('kill')}>
            Kill
          </button>
          <button type="button" className="button ghost" onClick={onClose} aria-label="Close the process detail">
            ✕
          </button>
        </div>
      </header>
      {actionError !== null ? <p className="error-text" role="alert">{actionError}</p> : null}
      {gone ? <p className="error-text" role="alert">{detail.error.message}</p> : null}
      {detail.error !== null && p !== undefined ? <p className="muted small">Not refreshed: {detail.error.message}</p> : null}
      {p !== undefined ? (
        <>
          <dl className="process-facts">
            <dt>Status</dt>
            <dd data-status={p.status}>
              {p.status} <span className="muted">({p.state})</span>
            </dd>
            <dt>Mailbox</dt>
            <dd>
              {formatCount(p.mailbox_length)} of {formatCount(p.mailbox_capacity)} · peak {formatCount(p.peak_mailbox)} · overflow {p.overflow}
            </dd>
            <dt>Handled</dt>
            <dd>
              {formatCount(p.handled)} · dropped {formatCount(p.dropped_messages)}
            </dd>
            <dt>Memory</dt>
            <dd>{formatBytes(p.memory_bytes)}</dd>
            <dt>Started</dt>
            <dd>{formatDateTime(p.started_at_ms)}</dd>
            <dt>Links</dt>
            <dd>
              <PidList pids={p.links} onSelect={onSelect} /> {p.trap_exits ? <span className="muted small">(traps exits)</span> : null}
            </dd>
            <dt>Monitors</dt>
            <dd>
              <PidList pids={p.monitors} onSelect={onSelect} />
            </dd>
            <dt>Monitored by</dt>
            <dd>
              <PidList pids={p.monitored_by} onSelect={onSelect} />
            </dd>
          </dl>
          {p.state_snapshot !== undefined ? (
            <details className="process-state" open>
              <summary>State</summary>
              <pre className="mono">{JSON.stringify(p.state_snapshot, null, 2)}</pre>
            </details>
          ) : null}
          <MailboxPage mailbox={p.mailbox} onPage={setOffset} />
        </>
      ) : detail.isPending ? (
        <p className="muted">Loading…</p>
      ) : null}
      <ProcessTracePanel nodeId={nodeId} pid={pid} />
      <ConfirmDialog
        open={confirm !== null}
        title={confirm === null ? '' : `${ACTION_TEXT[confirm].label} ${pidText(pid)}?`}
        confirmLabel={confirm === null ? '' : ACTION_TEXT[confirm].label}
        danger={confirm === 'kill'}
        onConfirm={() => void (confirm !== null && act(confirm))}
        onCancel={() => setConfirm(null)}
      >
        <p>{confirm === null ? '' : ACTION_TEXT[confirm].explain}</p>
      </ConfirmDialog>
    </section>
  );
}

function PidList({ pids, onSelect }: { pids: readonly number[]; onSelect(pid: number): void }) {
  if (pids.length === 0) return <span className="muted">none</span>;
  return (
    <>
      {pids.map((pid) => (
        <button key={pid} type="button" className="link-button mono" onClick={() => onSelect(pid)}>
          {pidText(pid)}
        </button>
      ))}
    </>
  );
}

function MailboxPage({ mailbox, onPage }: { mailbox: ProcessDetail['mailbox']; onPage(offset: number): void }) {
  const { offset, total, messages } = mailbox;
  const from = messages.length === 0 ? 0 : offset + 1;
  const to = offset + messages.length;
  return (
    <section className="mailbox" aria-label="Mailbox" data-mailbox-offset={offset} data-mailbox-total={total}>
      <div className="mailbox-bar">
        <h3>Mailbox</h3>
        <span className="muted" data-mailbox-range>
          {total === 0 ? 'empty' : `messages ${formatCount(from)}–${formatCount(to)} of ${formatCount(total)} (oldest first)`}
        </span>
        <span className="spacer" />
        <div className="button-group">
          <button type="button" className="button small" disabled={offset === 0} onClick={() => onPage(0)}>
            First {MAILBOX_PAGE}
          </button>
          <button type="button" className="button small" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - MAILBOX_PAGE))}>
            Previous {MAILBOX_PAGE}
          </button>
          <button type="button" className="button small" disabled={to >= total} onClick={() => onPage(offset + MAILBOX_PAGE)}>
            Next {MAILBOX_PAGE}
          </button>
        </div>
      </div>
      <ol className="mailbox-messages" start={from}>
        {messages.map((message, i) => (
          <li key={offset + i} data-mailbox-index={offset + i}>
            <pre className="xml">{prettyXml(message)}</pre>
          </li>
        ))}
      </ol>
    </section>
  );
}
