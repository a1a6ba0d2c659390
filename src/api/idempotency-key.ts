/** A random key for one write (crypto.randomUUID where the page is a secure context, else 128 random bits in hex): the one id generator of the client, the outbox and the messenger's batches. */
export function newIdempotencyKey(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
