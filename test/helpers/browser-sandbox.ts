/** Browser-side helpers for the sandbox that web-test-runner mounts on the test page's origin. */
import { IndexedDbOutboxStore } from '../../src/outbox/outbox-store.js';
export const ENDPOINT = '/CustomerWebServices/handleCustomerWS';

export async function control(path: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Jodo requests the sandbox answered per method since the last reset. */
export async function requestCounts(): Promise<Record<string, number>> {
  const response = await fetch('/sandbox/stats');
  return ((await response.json()) as { requests: Record<string, number> }).requests;
}

export const setState = (login: string, currentstatus: number) => control('/sandbox/agents/state', { login, currentstatus });

/** Waits for a condition by polling it each animation frame; fails with `message` after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, message: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const shadowText = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Empties the toolbar's outbox of this origin, so no test sends another's queued writes. */
export async function clearOutbox(): Promise<void> {
  const store = new IndexedDbOutboxStore('jodo-outbox');
  for (const entry of await store.all()) await store.delete(entry.id);
}
