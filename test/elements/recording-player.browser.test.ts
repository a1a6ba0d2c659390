import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/jodo-provider.js';
import '../../src/define/jodo-recording-player.js';
import { JodoClient, type JodoApi } from '../../src/api/client.js';
import type { JodoProvider } from '../../src/elements/provider/provider.js';
import type { JodoRecordingPlayer } from '../../src/elements/recording-player/recording-player.js';
import { safeRecordingUrl } from '../../src/elements/recording-player/safe-url.js';
import { ENDPOINT, control, requestCounts, shadowText, until } from '../helpers/browser-sandbox.js';

const RECORDED = '180717171728015031'; // VoiceProcess, 8 s
const OTHER_PROCESS = '140912183554281005'; // VoiceInOut, sessionid 483
const UNRECORDED = '180719161420031002';

/** A provider around one player; `servicekey` picks the process. */
async function player(inner = html`<jodo-recording-player></jodo-recording-player>`, servicekey = 'VoiceProcess') {
  const provider = await fixture<JodoProvider>(html`<jodo-provider endpoint=${ENDPOINT} apikey="test_org" servicekey=${servicekey} login="user1">${inner}</jodo-provider>`);
  return { provider, el: provider.querySelector('jodo-recording-player')! };
}

const $ = <E extends Element = HTMLElement>(el: JodoRecordingPlayer, selector: string) => el.shadowRoot!.querySelector<E>(selector);
const audioOf = (el: JodoRecordingPlayer) => $<HTMLAudioElement>(el, 'audio');
const sandboxUrl = (id: string) => `${location.origin}/sandbox/recordings/${id}.wav`;

/** A finished sandbox call with its recording. */
async function sandboxCall(): Promise<{ systemcallid: string; recordingfilepath: string }> {
  return (await control('/sandbox/calls', { login: 'user1', mobilenumber: '7507959484', servicekey: 'VoiceProcess' })) as never;
}

/** The real client, answering every recording link with `url` instead: how a hostile Jodo answer reaches the element. */
function rewritingClient(url: string): JodoApi {
  const real = new JodoClient({ endpoint: ENDPOINT, apikey: 'test_org', servicekey: 'VoiceProcess' });
  const client = {
    async customerRecording(...args: Parameters<JodoClient['customerRecording']>) {
      const result = await real.customerRecording(...args);
      return { ...result, data: { recordingUrl: url } };
    },
    async customerMultipleRecordings(...args: Parameters<JodoClient['customerMultipleRecordings']>) {
      const result = await real.customerMultipleRecordings(...args);
      return { ...result, data: { recordings: result.data.recordings.map((r) => ({ ...r, recordingUrl: r.ok ? url : '' })) } };
    },
  };
  return client as unknown as JodoApi;
}

/** Every value any `src` or `href` in the shadow root takes from now on. */
function watchLinks(el: JodoRecordingPlayer): { values: string[]; stop: () => void } {
  const values: string[] = [];
  const read = (node: Node) => {
    if (!(node instanceof Element)) return;
    for (const target of [node, ...node.querySelectorAll('*')]) {
      for (const name of ['src', 'href']) if (target.hasAttribute(name)) values.push(target.getAttribute(name)!);
      if (target instanceof HTMLMediaElement && target.src) values.push(target.src);
    }
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') read(record.target);
      record.addedNodes.forEach(read);
    }
  });
  observer.observe(el.shadowRoot!, { subtree: true, childList: true, attributes: true, attributeFilter: ['src', 'href'] });
  return { values, stop: () => observer.disconnect() };
}

async function loaded(el: JodoRecordingPlayer): Promise<HTMLAudioElement> {
  await until(() => audioOf(el) !== null, 'the player');
  const audio = audioOf(el)!;
  await until(() => audio.readyState >= HTMLMediaElement.HAVE_METADATA && Number.isFinite(audio.duration), 'the recording metadata', 8000);
  // The element shows it once the media events reached it: the slider is enabled.
  await until(() => $<HTMLInputElement>(el, 'input[type=range]')?.disabled === false, 'the slider enabled');
  await el.updateComplete;
  return audio;
}

describe('<jodo-recording-player>', () => {
  beforeEach(() => control('/sandbox/reset'));

  it('only lets http and https links (absolute, or a path on this origin) through safe-url', () => {
    expect(safeRecordingUrl('http://example.com/a.wav')).to.equal('http://example.com/a.wav');
    expect(safeRecordingUrl('  HTTPS://example.com/a b.wav ')).to.equal('https://example.com/a%20b.wav');
    for (const hostile of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:audio/wav;base64,AAAA', 'blob:http://x/1', '//evil.example/a.wav', 'recording.wav', 'not a url', 'http:foo', 'https://', '', undefined, 42]) {
      expect(safeRecordingUrl(hostile), String(hostile)).to.equal(undefined);
    }
  });

  it('says it is not connected outside a provider, and that no call is selected yet', async () => {
    const alone = await fixture<JodoRecordingPlayer>(html`<jodo-recording-player systemcallid=${RECORDED}></jodo-recording-player>`);
    expect(shadowText(alone)).to.contain('not connected');
    await expect(alone).to.be.accessible();

    const { el } = await player();
    expect(shadowText(el)).to.contain('No call selected yet');
    expect(audioOf(el)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows an accessible busy state while loading', async () => {
    await control('/sandbox/faults', { method: 'customer_recording', delayMs: 1500 });
    const { el } = await player(html`<jodo-recording-player systemcallid=${RECORDED}></jodo-recording-player>`);
    const busy = $(el, '[aria-busy="true"]');
    expect(busy, 'busy region').to.not.equal(null);
    expect(busy!.getAttribute('role')).to.equal('status');
    expect(shadowText(el)).to.contain('Loading');
    await expect(el).to.be.accessible();
    await loaded(el);
    expect($(el, '[aria-busy="true"]')).to.equal(null);
  });

  it('loads one recording: audio, time, download link; plays, seeks and changes speed', async () => {
    const call = await sandboxCall();
    const { el } = await player(html`<jodo-recording-player systemcallid=${call.systemcallid}></jodo-recording-player>`);
    const audio = await loaded(el);
    expect(audio.getAttribute('src')).to.equal(call.recordingfilepath);
    expect(call.recordingfilepath).to.equal(sandboxUrl(call.systemcallid));
    expect(audio.hasAttribute('controls')).to.be.false;
    expect(audio.getAttribute('preload')).to.equal('metadata');
    const download = $<HTMLAnchorElement>(el, 'a[download]')!;
    expect(download.href).to.equal(call.recordingfilepath);
    const seek = $<HTMLInputElement>(el, 'input[type=range]')!;
    expect(seek.disabled).to.be.false;
    expect(seek.getAttribute('aria-valuetext')).to.equal(`0 seconds of ${Math.floor(audio.duration)} seconds`);
    expect($(el, '[part=time]')!.textContent).to.match(/^0:00 \/ 0:0\d$/);
    await expect(el).to.be.accessible();

    // Play: the button (pressed with the keyboard: a real user activation) starts playback, time advances, the label switches.
    audio.muted = true;
    const play = $<HTMLButtonElement>(el, '[part=play-button]')!;
    expect(play.getAttribute('aria-label')).to.equal('Play');
    play.focus();
    await sendKeys({ press: 'Enter' });
    await audio.play().catch(() => undefined);
    await until(() => audio.currentTime > 0.3, 'currentTime advances', 8000);
    await until(() => play.getAttribute('aria-label') === 'Pause', 'label says Pause');

    // Seek: the slider moves currentTime, and the words follow.
    seek.value = '5';
    seek.dispatchEvent(new Event('input'));
    expect(Math.round(audio.currentTime)).to.equal(5);
    await until(() => /^5 seconds of/.test(seek.getAttribute('aria-valuetext') ?? ''), 'valuetext in words');

    // Speed: the select sets playbackRate.
    const speed = $<HTMLSelectElement>(el, 'select')!;
    expect([...speed.options].map((o) => o.textContent)).to.deep.equal(['0.75x', '1x', '1.25x', '1.5x', '2x']);
    speed.value = '1.5';
    speed.dispatchEvent(new Event('change'));
    expect(audio.playbackRate).to.equal(1.5);
    seek.value = '1';
    seek.dispatchEvent(new Event('input'));

    await sendKeys({ press: 'Enter' });
    await until(() => audio.paused && play.getAttribute('aria-label') === 'Play', 'paused');
    await expect(el).to.be.accessible();
  });

  it('copies only the safe link, and shows it selected when the clipboard refuses', async () => {
    const { el } = await player(html`<jodo-recording-player systemcallid=${RECORDED}></jodo-recording-player>`);
    await loaded(el);
    const copy = $<HTMLButtonElement>(el, '[part=copy]')!;
    const live = () => el.shadowRoot!.querySelector('.player > [role=status]')!.textContent!.trim();

    // The clipboard is a browser permission; to see both outcomes, writeText is replaced for this test only.
    const clipboard = navigator.clipboard;
    const own = Object.getOwnPropertyDescriptor(clipboard, 'writeText');
    const copied: string[] = [];
    try {
      Object.defineProperty(clipboard, 'writeText', { configurable: true, value: async (text: string) => void copied.push(text) });
      copy.click();
      await until(() => live() === 'Link copied', 'Link copied announced');
      expect(copied).to.deep.equal([sandboxUrl(RECORDED)]);

      Object.defineProperty(clipboard, 'writeText', { configurable: true, value: async () => Promise.reject(new DOMException('denied', 'NotAllowedError')) });
      copy.click();
      await until(() => $(el, 'input.link') !== null, 'the link shown by hand');
      const input = $<HTMLInputElement>(el, 'input.link')!;
      expect(input.readOnly).to.be.true;
      expect(input.value).to.equal(sandboxUrl(RECORDED));
      expect(el.shadowRoot!.activeElement).to.equal(input);
      expect(input.selectionStart).to.equal(0);
      expect(input.selectionEnd).to.equal(input.value.length);
      await until(() => live().startsWith('Copying is blocked'), 'told to copy by hand');
      await expect(el).to.be.accessible();
    } finally {
      if (own) Object.defineProperty(clipboard, 'writeText', own);
      else delete (clipboard as unknown as Record<string, unknown>)['writeText'];
    }
  });

  it('lists several calls with each one’s status, and plays the chosen one', async () => {
    const { el } = await player(html`<jodo-recording-player systemcallids="${RECORDED}, ${UNRECORDED}"></jodo-recording-player>`);
    expect(el.systemcallids).to.deep.equal([RECORDED, UNRECORDED]);
    await until(() => $(el, 'ul') !== null, 'the list');
    const rows = [...el.shadowRoot!.querySelectorAll('li')];
    expect(rows.map((r) => r.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal([
      `Call ${RECORDED} Recording available Play`,
      `Call ${UNRECORDED} No recording for this call`,
    ]);
    expect(rows[1]!.querySelector('button')).to.equal(null);
    expect(audioOf(el), 'nothing loaded before a choice').to.equal(null);
    expect(rows.some((r) => r.hasAttribute('aria-current'))).to.be.false;
    await expect(el).to.be.accessible();

    // Headless Firefox has no audio output: audible playback there fails with "OnMediaSinkAudioError".
    // The row's Play starts playback, so the audio is muted as soon as it is added, before play() runs.
    const muter = new MutationObserver(() => audioOf(el) && (audioOf(el)!.muted = true));
    muter.observe(el.shadowRoot!, { childList: true, subtree: true });
    rows[0]!.querySelector('button')!.click();
    const audio = await loaded(el);
    muter.disconnect();
    expect(audio.getAttribute('src')).to.equal(sandboxUrl(RECORDED));
    expect(rows[0]!.getAttribute('aria-current')).to.equal('true');
    expect(rows[1]!.hasAttribute('aria-current')).to.be.false;
    expect($<HTMLAnchorElement>(el, 'a[download]')!.href).to.equal(sandboxUrl(RECORDED));
    await expect(el).to.be.accessible();
  });

  it('takes systemcallids as a property too, one request for all', async () => {
    const call = await sandboxCall();
    const { el } = await player(html`<jodo-recording-player .systemcallids=${[call.systemcallid, UNRECORDED, RECORDED]}></jodo-recording-player>`);
    await until(() => el.shadowRoot!.querySelectorAll('li').length === 3, 'three rows');
    expect(el.shadowRoot!.querySelectorAll('li button').length).to.equal(2);
    expect((await requestCounts())['customer_multiple_recordings']).to.equal(1);
    expect((await requestCounts())['customer_recording']).to.equal(undefined);
  });

  it('shows each failure in words with a Try again that recovers', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ status: 63 }, /This call has no recording in Jodo.*systemcallid not found \(code 63\)/],
      [{ status: 66 }, /Jodo got no call id.*code 66/],
      [{ status: 65 }, /The session id is not valid.*Invalid sessionid/],
      [{ status: 1111 }, /Jodo could not give the recording.*code 1111/],
      [{ http: 503, times: 3 }, /Jodo is unavailable right now\./],
    ];
    for (const [fault, message] of cases) {
      await control('/sandbox/faults', { method: 'customer_recording', ...fault });
      const { el } = await player(html`<jodo-recording-player systemcallid=${RECORDED}></jodo-recording-player>`);
      await until(() => $(el, '[role=alert]') !== null, `error for ${JSON.stringify(fault)}`, 8000);
      expect(shadowText(el)).to.match(message);
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '[part=retry]')!.click();
      await loaded(el);
    }
  });

  it('says so when Jodo has no such call or another session id', async () => {
    const { el } = await player(html`<jodo-recording-player systemcallid=${UNRECORDED}></jodo-recording-player>`);
    await until(() => shadowText(el).includes('This call has no recording in Jodo'), '63 from the sandbox');
    expect($(el, '[part=retry]')).to.not.equal(null);

    const wrong = await player(html`<jodo-recording-player systemcallid=${OTHER_PROCESS} sessionid="1"></jodo-recording-player>`, 'VoiceInOut');
    await until(() => shadowText(wrong.el).includes('Jodo does not know this session id'), '62 from the sandbox');
    await expect(wrong.el).to.be.accessible();
    wrong.el.sessionid = '483';
    await loaded(wrong.el);
    expect(audioOf(wrong.el)!.getAttribute('src')).to.equal(sandboxUrl(OTHER_PROCESS));

    const bad = await player(html`<jodo-recording-player systemcallid="12ab"></jodo-recording-player>`);
    await until(() => shadowText(bad.el).includes('cannot be sent to Jodo'), 'validation');
    expect(shadowText(bad.el)).to.contain('digits only');
  });

  it('refuses a javascript: link: it never reaches the audio, an href or the clipboard', async () => {
    const hostile = 'javascript:alert(1)';
    const provider = await fixture<JodoProvider>(html`<jodo-provider .client=${rewritingClient(hostile)} servicekey="VoiceProcess" login="user1"></jodo-provider>`);
    const el = document.createElement('jodo-recording-player');
    el.systemcallid = RECORDED;
    provider.append(el);
    await el.updateComplete;
    const links = watchLinks(el);
    await until(() => shadowText(el).includes('not a web address'), 'refusal shown');
    expect(shadowText(el)).to.contain('This recording link is not a web address and was not loaded');
    expect(el.shadowRoot!.querySelector('audio')).to.equal(null);
    expect(el.shadowRoot!.querySelectorAll('[href], [src]').length).to.equal(0);
    expect($(el, '[part=copy]')).to.equal(null);
    expect(el.shadowRoot!.innerHTML).to.not.contain('javascript:');
    await expect(el).to.be.accessible();

    // The same answer in a list: the row says so and offers nothing to play.
    el.systemcallids = [RECORDED, UNRECORDED];
    await until(() => el.shadowRoot!.querySelectorAll('li').length === 2, 'rows');
    const first = el.shadowRoot!.querySelector('li')!;
    expect(first.textContent).to.contain('This recording link is not a web address and was not loaded');
    expect(first.querySelector('button')).to.equal(null);
    expect(el.shadowRoot!.querySelector('audio')).to.equal(null);
    links.stop();
    expect(links.values.filter((v) => /javascript:/i.test(v))).to.deep.equal([]);
    expect(links.values).to.deep.equal([]);
  });

  it('takes a path on its own origin (the gateway\'s links) as a web address', () => {
    expect(safeRecordingUrl('/jodo/recordings/180717171728015031')).to.equal(`${location.origin}/jodo/recordings/180717171728015031`);
    for (const refused of ['//evil.example/x.wav', '/\\evil.example/x.wav', 'recordings/1.wav', ' javascript:alert(1)']) {
      expect(safeRecordingUrl(refused), refused).to.equal(undefined);
    }
  });

  it('refuses data: and relative links the same way', async () => {
    for (const hostile of ['data:audio/wav;base64,UklGRg==', 'recordings/1.wav', '//evil.example/1.wav']) {
      const provider = await fixture<JodoProvider>(html`<jodo-provider .client=${rewritingClient(hostile)} servicekey="VoiceProcess" login="user1" systemcallid=${RECORDED}>
        <jodo-recording-player></jodo-recording-player>
      </jodo-provider>`);
      const el = provider.querySelector('jodo-recording-player')!;
      await until(() => shadowText(el).includes('not a web address'), `refusal of ${hostile}`);
      expect(el.shadowRoot!.querySelectorAll('audio, [href], [src]').length).to.equal(0);
    }
  });

  it('says a recording that cannot be played could not be played, and still offers the download', async () => {
    const missing = `${location.origin}/sandbox/recordings/1.wav`; // the sandbox answers 404
    const provider = await fixture<JodoProvider>(html`<jodo-provider .client=${rewritingClient(missing)} servicekey="VoiceProcess" login="user1">
      <jodo-recording-player systemcallid=${RECORDED}></jodo-recording-player>
    </jodo-provider>`);
    const el = provider.querySelector('jodo-recording-player')!;
    await until(() => shadowText(el).includes('The recording could not be played'), 'audio error shown', 8000);
    expect($<HTMLAnchorElement>(el, 'a[download]')!.href).to.equal(missing);
    expect($<HTMLButtonElement>(el, '[part=play-button]')!.disabled).to.be.true;
    expect($(el, '[part=retry]')).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it("plays the provider's current call when no id is set, and follows it", async () => {
    const { provider, el } = await player();
    expect(shadowText(el)).to.contain('No call selected yet');
    provider.call = { mobilenumber: '7507959484', systemcallid: RECORDED };
    let audio = await loaded(el);
    expect(audio.getAttribute('src')).to.equal(sandboxUrl(RECORDED));
    const call = await sandboxCall();
    provider.systemcallid = call.systemcallid;
    await until(() => audioOf(el)?.getAttribute('src') === call.recordingfilepath, 'the next call');
    audio = await loaded(el);
    expect(audio.getAttribute('src')).to.equal(call.recordingfilepath);
    // An id set on the element wins over the current call.
    el.systemcallid = RECORDED;
    await until(() => audioOf(el)?.getAttribute('src') === sandboxUrl(RECORDED), 'own id wins');
  });

  it('leaves nothing running after removal, and loads again when put back', async () => {
    const { provider, el } = await player(html`<jodo-recording-player systemcallid=${RECORDED}></jodo-recording-player>`);
    const audio = await loaded(el);
    audio.muted = true;
    $<HTMLButtonElement>(el, '[part=play-button]')!.focus();
    await sendKeys({ press: 'Enter' });
    await audio.play().catch(() => undefined);
    await until(() => !audio.paused, 'playing');
    el.remove();
    expect(audio.paused, 'paused on removal').to.be.true;
    const time = audio.currentTime;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(audio.currentTime).to.equal(time);

    // Removed while a request is pending: it is aborted, and made again on return.
    await control('/sandbox/faults', { method: 'customer_recording', delayMs: 800 });
    const second = document.createElement('jodo-recording-player');
    second.systemcallid = RECORDED;
    provider.append(second);
    await second.updateComplete;
    expect(shadowText(second)).to.contain('Loading');
    second.remove();
    await new Promise((resolve) => setTimeout(resolve, 50));
    provider.append(second);
    await loaded(second);
  });
});
