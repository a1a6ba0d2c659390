// An agent's eight-hour shift on a fake clock: 14,400 polls (every 2 s) and 200 calls,
// each answered, wrapped up and saved over real HTTP against the sandbox. Afterwards
// nothing has grown (heap where the browser measures it, listeners, timers, DOM nodes),
// and once the toolbar is removed nothing runs.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/index.js';
import type { JodoDisposition } from '../../src/elements/disposition/disposition.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { ENDPOINT, clearOutbox, control, requestCounts } from '../helpers/browser-sandbox.js';

const INTERVAL_MS = 2000;
const HOUR_POLLS = 3600_000 / INTERVAL_MS;
const SHIFT_HOURS = 8;
const CALLS = 200;
const MOBILE = '7507959484';
const DISPOSITIONS = [{ id: 1, name: 'Interested', reasons: [{ id: 2, name: 'Send details' }] }];

/**
 * Event listeners of this page, counted on what lives as long as the page does: the window, the
 * document and nodes in it. (A listener on a detached node or a finished request's signal goes
 * with its target.)
 */
const registered = new WeakMap<EventTarget, Set<string>>();
const targets = new Set<WeakRef<EventTarget>>();
const listenerIds = new WeakMap<object, number>();
let nextListenerId = 1;
const keyOf = (type: string, listener: unknown, options: unknown) => {
  const fn = listener as object;
  if (!listenerIds.has(fn)) listenerIds.set(fn, nextListenerId++);
  const capture = typeof options === 'boolean' ? options : Boolean((options as { capture?: boolean } | undefined)?.capture);
  return `${type}|${listenerIds.get(fn)}|${capture}`;
};
const { addEventListener, removeEventListener } = EventTarget.prototype;
EventTarget.prototype.addEventListener = function (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
  if (listener) {
    let set = registered.get(this);
    if (!set) {
      registered.set(this, (set = new Set()));
      targets.add(new WeakRef(this));
    }
    set.add(keyOf(type, listener, options));
  }
  return addEventListener.call(this, type, listener, options);
};
EventTarget.prototype.removeEventListener = function (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
  if (listener) registered.get(this)?.delete(keyOf(type, listener, options));
  return removeEventListener.call(this, type, listener, options);
};
function liveListeners(): number {
  let count = 0;
  for (const ref of targets) {
    const target = ref.deref();
    if (!target) targets.delete(ref);
    else if (target === window || (target instanceof Node && target.isConnected)) count += registered.get(target)?.size ?? 0;
  }
  return count;
}

/** Every node of the document, shadow roots included. */
function domNodes(root: Node = document): number {
  let count = 0;
  const walk = (node: Node) => {
    count++;
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
  };
  walk(root);
  return count;
}

/** Used JS heap after a full collection, where the browser tells (Chromium with --expose-gc). */
async function heapBytes(clock: FakeClock): Promise<number | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
  if (!gc || !memory) return undefined;
  for (let i = 0; i < 3; i++) {
    gc();
    await clock.wait(20);
  }
  return memory.usedJSHeapSize;
}

describe('an eight-hour shift', () => {
  it(`${SHIFT_HOURS * HOUR_POLLS} polls and ${CALLS} calls leave no growth, and nothing runs after removal`, async function () {
    this.timeout(20 * 60_000);
    await control('/sandbox/reset');
    await clearOutbox();
    const clock = new FakeClock().install();
    try {
      const page = await fixture<HTMLDivElement>(html`<div>
        <jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey="VoiceProcess" login="user1" poll-interval=${INTERVAL_MS} idle-poll-interval=${INTERVAL_MS}>
          <jodo-toolbar dispositions=${JSON.stringify(DISPOSITIONS)}></jodo-toolbar>
        </jodo-provider></div>`);
      const baseline = { listeners: liveListeners() };
      const provider = page.querySelector('jodo-provider') as JodoProvider;
      const toolbar = page.querySelector('jodo-toolbar')!;
      await toolbar.updateComplete;
      const form = () => toolbar.shadowRoot!.querySelector('jodo-disposition') as JodoDisposition;

      let answers = 0;
      const unsubscribe = provider.status.subscribe('user1', () => answers++);
      // The first poll is a zero-delay timer, on the fake clock too.
      for (let i = 0; answers === 0 && i < 500; i++) {
        await clock.tick(1);
        await clock.wait(5);
      }
      expect(answers, 'the first answer').to.be.greaterThan(0);

      /** One interval passes and its poll is answered. */
      const poll = async () => {
        const before = answers;
        await clock.tick(INTERVAL_MS);
        await clock.until(() => answers > before, `poll ${polls + 1} answered (${JSON.stringify(provider.status.snapshot('user1'))}, role ${provider.status.role}, ${clock.pending} timers)`);
      };

      /** A whole call: Jodo puts the agent in Wrapup, the form opens, the agent saves, the agent is Ready. */
      const call = async (n: number) => {
        const made = await control('/sandbox/calls', { login: 'user1', mobilenumber: MOBILE, servicekey: 'VoiceProcess' });
        provider.call = { mobilenumber: MOBILE, systemcallid: String(made['systemcallid']) };
        await poll();
        await clock.until(() => form().open, `call ${n}: the form opens`);
        await form().updateComplete;
        const root = form().shadowRoot!;
        const outcome = root.querySelector<HTMLSelectElement>('#outcome')!;
        outcome.value = '1:2';
        outcome.dispatchEvent(new Event('change', { bubbles: true }));
        await form().updateComplete;
        root.querySelector<HTMLButtonElement>('[part=submit]')!.click();
        await clock.until(() => !form().open, `call ${n}: saved`);
        await poll();
        await clock.until(() => provider.status.snapshot('user1')?.agent?.state === 1, `call ${n}: Ready again`);
      };

      const pollsPerCall = Math.floor((SHIFT_HOURS * HOUR_POLLS) / CALLS);
      let polls = 0;
      let calls = 0;
      const runUntil = async (hours: number) => {
        while (polls < hours * HOUR_POLLS) {
          if (polls % pollsPerCall === pollsPerCall - 1 && calls < CALLS) {
            await call(++calls);
            polls += 2;
          } else {
            await poll();
            polls++;
          }
        }
      };

      const measure = async () => {
        // Collect, drop this file's own bookkeeping of collected targets, then weigh.
        await heapBytes(clock);
        // The page's targets, and the long-lived objects the toolbar's parts listen to.
        const live = liveListeners() + (registered.get(provider.outbox)?.size ?? 0);
        return { heap: await heapBytes(clock), listeners: live, timers: clock.pending, nodes: domNodes() };
      };
      await runUntil(1);
      const firstHour = await measure();
      await runUntil(SHIFT_HOURS);
      const end = await measure();

      expect(calls).to.equal(CALLS);
      expect(((await (await fetch('/sandbox/dispositions')).json()) as { dispositions: unknown[] }).dispositions).to.have.length(CALLS);
      expect(provider.status.polls, 'polls made').to.be.at.least(SHIFT_HOURS * HOUR_POLLS);
      expect((await requestCounts())['userStatus'], 'one userStatus request per poll, no more').to.equal(provider.status.polls);
      expect(end.listeners, 'listeners').to.be.at.most(firstHour.listeners);
      expect(end.timers, 'timers').to.be.at.most(firstHour.timers);
      expect(end.nodes, 'DOM nodes').to.be.at.most(firstHour.nodes);
      if (end.heap !== undefined && firstHour.heap !== undefined) {
        const grewMb = (end.heap - firstHour.heap) / 2 ** 20;
        expect(grewMb, `heap grew ${grewMb.toFixed(2)} MB from hour 1 to hour ${SHIFT_HOURS}`).to.be.below(3);
      }

      // Removed: nothing left running, nothing sent.
      unsubscribe();
      page.remove();
      await clock.tick(60_000);
      const requests = await requestCounts();
      await clock.tick(10 * 60_000);
      await clock.wait(300);
      expect(await requestCounts(), 'no request after removal').to.deep.equal(requests);
      expect(clock.pending, 'no timer left (the clock was installed just before the toolbar)').to.equal(0);
      expect(liveListeners(), 'no listener left behind').to.be.at.most(baseline.listeners);
    } finally {
      clock.uninstall();
    }
  });
});
