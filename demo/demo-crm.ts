/** What every demo page shares: the sandbox's disposition list and the demo helpers of sandbox-call-wiring.js. */
import type { DispositionMaster } from '../src/index.js';

/** The sandbox fixture's disposition list (as the process defines them in Jodo). */
export const DISPOSITIONS: DispositionMaster[] = [
  { id: 1, name: 'Interested', reasons: [{ id: 1, name: 'Callback requested' }, { id: 2, name: 'Send details' }] },
  { id: 2, name: 'Not interested', reasons: [{ id: 3, name: 'Price' }, { id: 4, name: 'Has a provider' }] },
  { id: 3, name: 'Not reachable', reasons: [{ id: 5, name: 'Switched off' }, { id: 6, name: 'No answer' }] },
];
export const SERVICEKEY = 'VoiceProcess';

/**
 * The signed-in demo user (the gateway's session): sets the provider's login,
 * shows who it is in `#me`, and makes `#sign-out` sign out and back in.
 */
export async function signIn(provider: { login: string }): Promise<{ login: string; role: string; servicekeys: string[]; team?: string[] }> {
  const me = await window.jodoDemoSession();
  provider.login = me.login;
  document.querySelector('#me')!.textContent = `${me.login} (${me.role})`;
  document.querySelector('#sign-out')!.addEventListener('click', async () => {
    await fetch('/jodo/session', { method: 'DELETE' });
    location.assign(`/jodo/login?return=${encodeURIComponent(location.pathname)}`);
  });
  return me;
}

declare global {
  interface Window {
    jodoDemoWireCalls(provider: Element, onCall?: (call: Record<string, unknown>) => void): () => Promise<void>;
    jodoDemoSession(): Promise<{ login: string; role: string; servicekeys: string[]; team?: string[] }>;
  }
}
