/**
 * A CRM that signs its agents in itself: the provider fetches the agent's JWT
 * from the CRM's token URL and the real gateway (mounted at /jwt/jodo by
 * web-test-runner.config.mjs, trusting test/helpers/jwt-test-idp.ts) verifies
 * it in front of the sandbox.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/define/index.js';
import { JodoApiError, JodoClient } from '../../../src/api/index.js';
import type { JodoProvider } from '../../../src/elements/provider/provider.js';
import type { StatusSnapshot } from '../../../src/status/status-hub.js';
import { tokenFromUrl, tokenSource } from '../../../src/requests/token-source.js';
import type { TokenKind } from '../../helpers/jwt-test-idp.js';
import { control, setState, until } from '../../helpers/browser-sandbox.js';

const GATEWAY = '/jwt/jodo';
const POLL = 300;
let run = 0;

/** A token URL of this test alone (its fetches are counted by their URL). */
function tokenUrl(kind: TokenKind, extra = ''): string {
  return `/jwt/token?kind=${kind}&login=user1&run=${++run}-${Math.random().toString(36).slice(2)}${extra}`;
}

/** How often the page fetched this URL so far. */
const fetchesOf = (url: string) => performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith(url)).length;

async function toolbar(url: string, login = 'user1') {
  const provider = await fixture<JodoProvider>(
    html`<jodo-provider endpoint=${GATEWAY} token-url=${url} servicekey="VoiceProcess" login=${login} poll-interval=${POLL}><jodo-status></jodo-status></jodo-provider>`,
  );
  return { provider, status: provider.querySelector('jodo-status')! };
}

let stopRecording: (() => void) | undefined;

/**
 * Polls past the expiry of the first token: user1 Ready, then `waitMs` later a change of state must
 * still come through. Answers how often the token URL was fetched and the polls that failed meanwhile.
 */
async function pollAcrossExpiry(url: string, waitMs: number): Promise<{ fetches: number; failed: StatusSnapshot[] }> {
  const { provider, status } = await toolbar(url);
  await until(() => status.state === 1, 'Ready');
  const seen: StatusSnapshot[] = [];
  stopRecording = provider.status.subscribe('user1', (snapshot) => seen.push(snapshot));
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  await setState('user1', 5);
  await until(() => status.state === 5, 'Talking, after the first token expired');
  return { fetches: fetchesOf(url), failed: seen.filter((snapshot) => snapshot.failing) };
}

describe('Signing in with the CRM token (JWT) through the gateway', () => {
  before(() => performance.setResourceTimingBufferSize(10_000));
  beforeEach(() => control('/sandbox/reset'));
  afterEach(() => {
    stopRecording?.();
    stopRecording = undefined;
  });

  it('<jodo-status> shows the agent state, polled through the gateway with the token', async () => {
    const url = tokenUrl('valid', '&expires_in=300');
    const { provider, status } = await toolbar(url);
    await until(() => status.state === 1, 'Ready through the gateway');
    await setState('user1', 5);
    await until(() => status.state === 5, 'Talking, at a later poll');
    expect(provider.status.snapshot('user1')?.failing).to.equal(false);
    expect(fetchesOf(url)).to.equal(1, 'one token for every poll while it is fresh');
    await expect(status).to.be.accessible();
  });

  it('session-url: the gateway names the agent the token is for, so the page needs no login', async () => {
    const provider = await fixture<JodoProvider>(
      html`<jodo-provider endpoint=${GATEWAY} token-url=${tokenUrl('valid')} session-url="${GATEWAY}/session" poll-interval=${POLL}><jodo-status></jodo-status></jodo-provider>`,
    );
    await until(() => provider.login === 'user1', 'the login from /jwt/jodo/session');
    expect(provider.servicekey).to.equal('VoiceProcess');
    const status = provider.querySelector('jodo-status')!;
    await until(() => status.state === 1, 'Ready');
  });

  const refused: [TokenKind, string][] = [
    ['expired', 'an expired token'],
    ['not-yet-valid', 'a token not valid yet'],
    ['wrong-audience', 'a token for another audience'],
    ['wrong-issuer', 'a token from another issuer'],
    ['wrong-key', 'a token signed by another key'],
    ['none', 'an unsigned token (alg: none)'],
    ['hs256', 'an HS256 token keyed with the public key (algorithm confusion)'],
    ['signed-out', 'no token (signed out of the CRM)'],
  ];
  for (const [kind, name] of refused) {
    it(`${name} is refused: 9401, and <jodo-status> says nobody is signed in`, async () => {
      const client = new JodoClient({ endpoint: GATEWAY, servicekey: 'VoiceProcess', token: tokenSource(tokenFromUrl(tokenUrl(kind))) });
      let error: unknown;
      await client.userStatus({ loginids: ['user1'] }).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(JodoApiError);
      expect((error as JodoApiError).code).to.equal(9401);

      const { provider, status } = await toolbar(tokenUrl(kind));
      await until(() => provider.status.snapshot('user1')?.failing === true, 'a failed poll');
      expect(provider.status.snapshot('user1')?.agent).to.equal(undefined);
      await status.updateComplete;
      const base = status.shadowRoot!.querySelector('[part=base]')!;
      expect(base.getAttribute('title')).to.match(/Not signed in/);
      expect(status.state).to.equal(undefined);
    });
  }

  it('a token about to expire is replaced before it does (its exp read, no expires_in): every poll succeeds', async function () {
    this.timeout(15_000);
    const { fetches, failed } = await pollAcrossExpiry(tokenUrl('valid', '&ttl=3'), 4500);
    expect(fetches).to.be.greaterThan(2, 'a new token every half of its 3 s life');
    expect(failed).to.deep.equal([], 'no poll failed');
  });

  it('a token that expires sooner than the CRM said: the gateway refuses it, the poll is resent with a new token and succeeds', async function () {
    this.timeout(15_000);
    // The CRM says an hour; the token itself lives 2 s (and the gateway allows 1 s of clock skew).
    const { fetches, failed } = await pollAcrossExpiry(tokenUrl('valid', '&ttl=2&expires_in=3600'), 4000);
    expect(fetches).to.be.greaterThan(1, 'a new token, asked for after the gateway refused the first');
    expect(failed).to.deep.equal([], 'the resent poll hid the refusal');
  });
});
