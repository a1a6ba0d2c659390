/**
 * The demo CRM as a React 19 app: the same toolbar through the gateway, its
 * props typed by `jodo-toolbar/react` (here src/react.ts), and a React handler
 * for `jodo-status-change` that lists the agent's state changes.
 */
import { useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../../src/define/index.js';
import type {} from '../../src/react.js';
import { AGENT_STATES, type JodoProvider, type JodoStatusChangeDetail, type JodoStatusChangeEvent } from '../../src/index.js';
import { DISPOSITIONS } from '../demo-crm.js';

const me = await window.jodoDemoSession();

function Crm() {
  const provider = useRef<JodoProvider>(null);
  const [changes, setChanges] = useState<JodoStatusChangeDetail[]>([]);
  // The demo's telephony stand-in tells the provider which call the agent is on.
  useEffect(() => void window.jodoDemoWireCalls(provider.current!)(), []);
  const onStatusChange = (event: JodoStatusChangeEvent) => setChanges((heard) => [event.detail, ...heard].slice(0, 8));
  return (
    <>
      <header className="crm-header">
        <h1>Acme CRM · React 19</h1>
        <p className="who">
          Signed in as <strong id="me">{`${me.login} (${me.role})`}</strong>
        </p>
        <nav aria-label="Demo pages">
          <a href="./">CRM page</a> · <a href="./vue.html">Vue 3</a> · <a href="./legacy.html">Legacy portal</a>
        </nav>
      </header>
      <main className="crm">
        <section className="card" aria-labelledby="changes-title">
          <h2 id="changes-title">State changes heard by React</h2>
          <ol id="changes">
            {changes.map((change, i) => (
              <li key={changes.length - i}>{`${AGENT_STATES[change.previous]} → ${AGENT_STATES[change.current]}`}</li>
            ))}
          </ol>
        </section>
      </main>
      <jodo-provider ref={provider} endpoint="/jodo" session-url="/jodo/session" poll-interval={1000} idle-poll-interval={1500}>
        <jodo-toolbar dock="bottom" dispositions={DISPOSITIONS} script="Hello {{name}}." onjodo-status-change={onStatusChange} />
      </jodo-provider>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<Crm />);
