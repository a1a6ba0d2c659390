/**
 * Recordings the sandbox serves: real WAV files (8 kHz, 16-bit mono PCM),
 * made from the systemcallid so the same call always sounds the same: a
 * ring-back tone, the call's last digits as DTMF, then a gentle two-tone hum.
 */
const RATE = 8000;
const DTMF: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], '4': [770, 1209], '5': [770, 1336],
  '6': [770, 1477], '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], '0': [941, 1336],
};

export function makeRecording(systemcallid: string, seconds: number): Uint8Array<ArrayBuffer> {
  const samples = Math.round(RATE * seconds);
  const wav = new Uint8Array(44 + samples * 2);
  const view = new DataView(wav.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);

  const digits = systemcallid.replace(/\D/g, '').slice(-6);
  const toneAt = (t: number): [number, number] | undefined => {
    if (t < 1) return t % 0.5 < 0.35 ? [440, 480] : undefined;
    const slot = Math.floor((t - 1) / 0.2);
    if (slot < digits.length) return (t - 1) % 0.2 < 0.13 ? DTMF[digits[slot]!] : undefined;
    return [220 + (Number(digits.at(-1) ?? 0) * 11), 330];
  };
  for (let i = 0; i < samples; i++) {
    const t = i / RATE;
    const tone = toneAt(t);
    const fade = Math.min(1, (samples - i) / (RATE * 0.05));
    const value = tone ? (Math.sin(2 * Math.PI * tone[0] * t) + Math.sin(2 * Math.PI * tone[1] * t)) * 0.25 * fade : 0;
    view.setInt16(44 + i * 2, Math.round(value * 32767), true);
  }
  return wav;
}
