/**
 * `<jodo-provider session-url>`: the provider asks the real gateway (mounted
 * at /jwt/jodo by web-test-runner.config.mjs, the agent's token from
 * test/helpers/jwt-test-idp.ts) who is signed in. The page's requests to the
 * session URL are held until the test lets them go, so the element can be
 * moved or removed while its lookup is in flight.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define/jodo-provider.js';
import '../../src/define/jodo-status.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import { control, until } from '../helpers/browser-sandbox.js';

const GATEWAY = '/jwt/jodo';
const SESSION_URL = `${GATEWAY}/session`;
const POLL = 300;

/** A token URL of this test alone. */
const tokenUrl = () => `/jwt/token?kind=valid&login=user1&run=${Math.random().toString(36).slice(2)}`;

const realFetch = window.fetch;

/** Holds the page's requests to `url` until `release()` (each then goes on with its own signal); the others go through at once. */
function holdRequests(url: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const signals: (AbortSignal | undefined)[] = [];
  window.fetch = async (input, init) => {
    const target = input instanceof Request ? input.url : String(input);
    if (new URL(target, location.href).pathname === url) {
      signals.push(init?.signal ?? undefined);
      await released;
    }
    return realFetch(input, init);
  };
  return { release, signals };
}

/** console.warn's lines while a test runs (still printed). */
let warnings: string[] = [];
const realWarn = console.warn;

/** A provider asking the gateway who is signed in, inside a page section, and another section to move it to. */
async function page() {
  const root = await fixture<HTMLDivElement>(html`<div>
    <section id="crm">
      <jodo-provider endpoint=${GATEWAY} token-url=${tokenUrl()} session-url=${SESSION_URL} poll-interval=${POLL}><jodo-status></jodo-status></jodo-provider>
    </section>
    <section id="sidebar"></section>
  </div>`);
  const provider = root.querySelector('jodo-provider')!;
  return { provider, status: provider.querySelector('jodo-status')!, sidebar: root.querySelector<HTMLElement>('#sidebar')! };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('<jodo-provider session-url>', () => {
  beforeEach(async () => {
    await control('/sandbox/reset');
    warnings = [];
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      realWarn.apply(console, args);
    };
  });

  afterEach(() => {
    window.fetch = realFetch;
    console.warn = realWarn;
    fixtureCleanup();
  });

  it('moved in the page while its session lookup is in flight: the lookup starts again and the login is set', async () => {
    const held = holdRequests(SESSION_URL);
    const { provider, status, sidebar } = await page();
    await until(() => held.signals.length === 1, 'the session asked for');
    sidebar.append(provider);
    held.release();
    await until(() => provider.login === 'user1', 'the login from the session, after the move');
    expect(held.signals[0]?.aborted).to.equal(true, 'the first lookup ended when the element left the page');
    expect(held.signals.length).to.equal(2, 'asked once more after the move');
    expect(provider.servicekey).to.equal('VoiceProcess');
    await until(() => status.state === 1, 'Ready');
    expect(warnings).to.deep.equal([]);
  });

  it('removed while its lookup is in flight: asks nothing while out of the page, and again once put back', async () => {
    const held = holdRequests(SESSION_URL);
    const { provider, sidebar } = await page();
    await until(() => held.signals.length === 1, 'the session asked for');
    provider.remove();
    held.release();
    await pause(500);
    expect(held.signals.length).to.equal(1, 'no lookup while out of the page');
    expect(provider.login).to.equal('');
    sidebar.append(provider);
    await until(() => provider.login === 'user1', 'the login from the session, once back in the page');
    expect(held.signals.length).to.equal(2);
  });

  it('moved after its lookup completed: does not ask again', async () => {
    const held = holdRequests(SESSION_URL);
    held.release();
    const { provider, sidebar } = await page();
    await until(() => provider.login === 'user1', 'the login from the session');
    sidebar.append(provider);
    await provider.updateComplete;
    await pause(300);
    expect(held.signals.length).to.equal(1, 'one lookup');
    expect(provider.login).to.equal('user1');
  });

  it('a session answer that is not a session is refused whole, with a warning naming the field', async () => {
    // A gateway (or a CRM's own endpoint) answering with a team that is not a list.
    const answer = `data:application/json,${encodeURIComponent(JSON.stringify({ login: 'user1', servicekeys: ['VoiceProcess'], team: 'user2' }))}`;
    const provider = await fixture<JodoProvider>(html`<jodo-provider session-url=${answer}></jodo-provider>`);
    await until(() => warnings.length > 0, 'a warning');
    expect(warnings[0]).to.contain('JodoSessionError').and.to.contain('team: must be a list');
    expect(provider.login).to.equal('');
    expect(provider.servicekey).to.equal('');
  });
});
