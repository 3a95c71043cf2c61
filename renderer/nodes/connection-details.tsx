// What a developer needs to point a client at a local node: the test user's JID and password, the
// domain and the ports, each with a copy button.
import type { NodeView } from '../../main/common/console-api.js';
import { CopyButton } from '../app/copy-button.js';

function Row({ label, value, what }: { label: string; value: string | null; what: string }) {
  return (
    <div className="detail-row">
      <dt>{label}</dt>
      <dd>
        {value === null ? (
          <span className="muted">—</span>
        ) : (
          <>
            <code className="copyable" data-field={what}>
              {value}
            </code>
            <CopyButton text={value} what={what} />
          </>
        )}
      </dd>
    </div>
  );
}

export function ConnectionDetails({ node }: { node: NodeView }) {
  const host = '127.0.0.1';
  const domain = node.hosts[0] ?? null;
  const { c2s, websocket, admin } = node.ports;
  return (
    <div className="connection-details">
      {node.testUser !== null ? (
        <section aria-label="Test user">
          <h3 className="subheading">Test user</h3>
          <dl className="details">
            <Row label="JID" value={node.testUser.jid} what="test user JID" />
            <Row label="Password" value={node.testUser.password} what="test user password" />
          </dl>
        </section>
      ) : null}
      <section aria-label="Ports">
        <h3 className="subheading">Connect</h3>
        <dl className="details">
          <Row label="Domain" value={domain} what="domain" />
          <Row label="XMPP (TCP, STARTTLS)" value={c2s === null ? null : `${host}:${c2s}`} what="c2s address" />
          <Row label="XMPP over WebSocket" value={websocket === null ? null : `ws://${host}:${websocket}/xmpp-websocket`} what="WebSocket URL" />
          <Row label="Admin API" value={admin === null ? null : node.adminUrl} what="admin URL" />
        </dl>
        {node.kind === 'local' ? (
          <p className="muted small">The node made itself a self-signed certificate for STARTTLS: let your client accept it (it listens on loopback only).</p>
        ) : null}
      </section>
    </div>
  );
}
