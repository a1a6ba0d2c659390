import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { Task, TaskStatus, initialState } from '@lit/task';
import { html, nothing, svg } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { JodoApi } from '../../api/client.js';
import { RECORDING_NOT_FOUND } from '../../api/codes.js';
import { isAbortError } from '../../api/errors.js';
import { jodoSessionContext, type JodoSession } from '../../context/session.js';
import { describeDuration, formatDuration } from '../../format/duration.js';
import { formatNumber } from '../../format/number.js';
import { theme } from '../../styles/theme.js';
import { JodoElement } from '../jodo-element.js';
import { recordingPlayerStyles } from './recording-player.styles.js';
import { describeProblem } from './recording-problems.js';
import { idList, noLink, refusedLink, rowStatus, toRow, type RecordingRow } from './recording-rows.js';
import { PROVIDER_TAG } from '../../messages/element-names.js';

type Loaded = { kind: 'one'; row: RecordingRow } | { kind: 'many'; rows: RecordingRow[] };
type Mode = 'one' | 'many';
type TaskArgs = [client: JodoApi | undefined, servicekey: string, mode: Mode | undefined, ids: string, sessionid: string];

/** The speeds an agent can pick; 1 is normal speed. */
const SPEEDS = [0.75, 1, 1.25, 1.5, 2] as const;

/** Media events the player reads its state from; attached by hand so removal detaches them. */
const MEDIA_EVENTS = ['loadstart', 'emptied', 'loadedmetadata', 'durationchange', 'timeupdate', 'play', 'pause', 'ended', 'ratechange', 'seeked', 'error'] as const;

const playIcon = svg`<path d="M4 2.5v11l9.5-5.5z" fill="currentColor"/>`;
const pauseIcon = svg`<path d="M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z" fill="currentColor"/>`;

/**
 * Plays call recordings from Jodo inside the toolbar: one call's recording
 * (`systemcallid`, through customer_recording) or a list of several calls
 * with each one's status (`systemcallids`, through
 * customer_multiple_recordings), played one at a time in one player. With
 * neither set, it plays the provider's current call.
 *
 * The player has play/pause, a seek slider, the time, playback speed (0.75x
 * to 2x), a download link and a copy-link button. Only absolute `http:` and
 * `https:` links are ever put into the page (as the audio's source, a link or
 * the clipboard); any other link Jodo sends is refused with a message.
 *
 * @tag jodo-recording-player
 * @summary Plays, downloads and shares Jodo call recordings.
 *
 * @csspart base - The box around the player, list or message.
 * @csspart message - A state's message (not connected, no call, loading, error, refused).
 * @csspart retry - The "Try again" button of an error.
 * @csspart list - The list of calls (`systemcallids`).
 * @csspart row - One call of the list; the one in the player has `aria-current="true"`.
 * @csspart row-play - The "Play" button of a row.
 * @csspart player - The player around the (hidden) audio element.
 * @csspart play-button - Play / pause.
 * @csspart seek - The seek slider.
 * @csspart time - Current time and duration.
 * @csspart speed - The playback speed select.
 * @csspart download - The download link.
 * @csspart copy - The copy-link button.
 */
export class JodoRecordingPlayer extends JodoElement {
  static override styles = [theme, recordingPlayerStyles];

  @consume({ context: jodoSessionContext, subscribe: true })
  @state()
  private session?: JodoSession;

  private readonly recordings = new Task<TaskArgs, Loaded>(this, {
    args: () => {
      const request = this.request;
      return [this.session?.client, this.servicekey.trim() || this.session?.servicekey || '', request?.mode, request?.ids.join(',') ?? '', this.sessionid.trim()];
    },
    onComplete: () => {
      this.manualLink = false;
    },
    task: async ([client, servicekey, mode, ids, sessionid], { signal }) => {
      if (!client || !mode || !ids) return initialState;
      const common = { ...(servicekey ? { servicekey } : {}), ...(sessionid ? { sessionid } : {}) };
      if (mode === 'many') {
        const { data } = await client.customerMultipleRecordings({ ...common, systemcallids: ids.split(',') }, { signal });
        return { kind: 'many', rows: data.recordings.map(toRow) };
      }
      const { code, description, data } = await client.customerRecording({ ...common, systemcallid: ids }, { signal });
      return { kind: 'one', row: toRow({ systemcallid: ids, code, ok: true, description, recordingUrl: data.recordingUrl }) };
    },
  });

  /** The audio element the listeners are on (the one rendered, while connected). */
  private listenedAudio: HTMLAudioElement | undefined;
  /** A request was cut short by removal: it runs again on reconnection. */
  private abortedByRemoval = false;

  @query('audio') private audio?: HTMLAudioElement | null;

  /** The call of the list loaded into the player. */
  @state() private selectedId = '';
  @state() private playing = false;
  @state() private currentTime = 0;
  @state() private duration = Number.NaN;
  @state() private rate = 1;
  @state() private audioFailed = false;
  /** Copying failed: the link is shown selected so the agent can copy it by hand. */
  @state() private manualLink = false;
  /** What the live region says (copy results, blocked playback). */
  @state() private announcement = '';

  /** One call's id (customer_recording). Ignored while `systemcallids` holds ids. */
  @property() systemcallid = '';

  /**
   * Several calls' ids (customer_multiple_recordings), shown as a list. As an
   * attribute, separated by commas or spaces; as a property, an array.
   */
  @property({ converter: idList }) systemcallids: string[] = [];

  /** Jodo's session id of the call(s), when the page knows it; optional. */
  @property() sessionid = '';

  /** The process the call(s) were made in, when not the provider's (a messenger process's reminders, say). */
  @property() servicekey = '';

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasUpdated) return;
    this.listenTo(this.audio ?? undefined);
    if (this.listenedAudio) this.readAudio();
    if (this.abortedByRemoval) {
      this.abortedByRemoval = false;
      void this.recordings.run();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.listenedAudio?.pause();
    this.listenTo(undefined);
    if (this.recordings.status === TaskStatus.PENDING) {
      this.abortedByRemoval = true;
      this.recordings.abort();
    }
  }

  protected override updated(): void {
    if (this.isConnected) this.listenTo(this.audio ?? undefined);
  }

  /** The ids to ask for: the list, else the one id, else the provider's current call. */
  private get request(): { mode: Mode; ids: string[] } | undefined {
    const many = (this.systemcallids ?? []).map((id) => String(id).trim()).filter(Boolean);
    if (many.length) return { mode: 'many', ids: many };
    const one = this.systemcallid.trim() || this.session?.call.systemcallid?.trim() || '';
    return one ? { mode: 'one', ids: [one] } : undefined;
  }

  /** Moves the media listeners to `audio` (or removes them); a new audio element gets the chosen speed. */
  private listenTo(audio: HTMLAudioElement | undefined): void {
    if (audio === this.listenedAudio) return;
    for (const type of MEDIA_EVENTS) this.listenedAudio?.removeEventListener(type, this.handleMedia);
    this.listenedAudio = audio;
    if (!audio) return;
    for (const type of MEDIA_EVENTS) audio.addEventListener(type, this.handleMedia);
    audio.defaultPlaybackRate = this.rate;
    audio.playbackRate = this.rate;
  }

  private readAudio(): void {
    const audio = this.listenedAudio;
    if (!audio) return;
    this.playing = !audio.paused && !audio.ended;
    this.currentTime = audio.currentTime;
    this.duration = audio.duration;
    this.rate = audio.playbackRate;
    this.audioFailed = audio.error !== null;
  }

  private readonly handleMedia = () => this.readAudio();

  private startPlaying(audio: HTMLAudioElement): void {
    audio.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'NotAllowedError') {
        void this.say(msg('The browser blocked playback. Press Play again.'));
      }
      // AbortError (another recording was chosen) and NotSupportedError (the error event reports it) need nothing here.
    });
  }

  private readonly togglePlay = () => void this.togglePlayback();

  /** Plays or pauses the recording in the player (the toolbar's shortcut does this); false while there is none. */
  togglePlayback(): boolean {
    const audio = this.audio;
    if (!audio || this.audioFailed) return false;
    if (audio.paused || audio.ended) this.startPlaying(audio);
    else audio.pause();
    return true;
  }

  private readonly seek = (event: Event) => {
    const audio = this.audio;
    const value = Number((event.target as HTMLInputElement).value);
    if (!audio || !Number.isFinite(value)) return;
    audio.currentTime = value;
    this.currentTime = value;
  };

  private readonly changeSpeed = (event: Event) => {
    const rate = Number((event.target as HTMLSelectElement).value);
    if (!SPEEDS.includes(rate as (typeof SPEEDS)[number])) return;
    this.rate = rate;
    const audio = this.audio;
    if (audio) {
      audio.defaultPlaybackRate = rate;
      audio.playbackRate = rate;
    }
  };

  private readonly reloadAudio = () => {
    this.audioFailed = false;
    this.audio?.load();
  };

  private readonly retry = () => {
    void this.recordings.run();
  };

  private async choose(row: RecordingRow): Promise<void> {
    if (!row.url) return;
    this.selectedId = row.systemcallid;
    this.manualLink = false;
    await this.updateComplete;
    const audio = this.audio;
    if (audio) this.startPlaying(audio);
  }

  private async copyLink(url: string): Promise<void> {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('No clipboard here');
      await navigator.clipboard.writeText(url);
      this.manualLink = false;
      await this.say(msg('Link copied'));
    } catch {
      this.manualLink = true;
      await this.updateComplete;
      const input = this.renderRoot.querySelector<HTMLInputElement>('input.link');
      input?.focus();
      input?.select();
      await this.say(msg('Copying is blocked here. The link is selected: copy it by hand.'));
    }
  }

  /** Puts `text` in the live region, emptied first so the same words are announced again. */
  private async say(text: string): Promise<void> {
    this.announcement = '';
    await this.updateComplete;
    this.announcement = text;
  }

  private renderMessage(text: string, hint: string, options: { busy?: boolean; error?: boolean; retry?: boolean } = {}) {
    return html`<div part="base message" class=${options.error ? 'message is-error' : 'message'} role=${options.error ? 'alert' : 'status'} aria-busy=${options.busy ? 'true' : nothing}>
      <p class="text">${text}</p>
      ${hint ? html`<p class="hint">${hint}</p>` : nothing}
      ${options.retry ? html`<button part="retry" type="button" @click=${this.retry}>${msg('Try again')}</button>` : nothing}
    </div>`;
  }

  private renderLoading() {
    return this.renderMessage(msg('Loading the recording…'), '', { busy: true });
  }

  private renderError(error: unknown) {
    if (isAbortError(error)) return this.renderLoading();
    const problem = describeProblem(error);
    return this.renderMessage(problem.text, problem.hint, { error: true, retry: problem.retry });
  }

  private renderNoLink(row: RecordingRow) {
    const hint = row.refused ? msg('Tell your Jodo administrator: the link Jodo sent cannot be played safely.') : msg('Try again later; if it keeps happening, tell your Jodo administrator.');
    return html`<p part="message" class="message is-error" role="alert">
      <span class="text">${row.refused ? refusedLink() : noLink()}.</span> <span class="hint">${hint}</span>
    </p>`;
  }

  private renderPlayer(row: RecordingRow, url: string) {
    const known = Number.isFinite(this.duration) && this.duration > 0;
    const position = Math.min(this.currentTime, known ? this.duration : this.currentTime);
    const playLabel = this.playing ? msg('Pause') : msg('Play');
    const id = row.systemcallid;
    const at = describeDuration(position);
    const total = known ? describeDuration(this.duration) : '';
    return html`<div part="player" class="player" role="group" aria-label=${msg(str`Recording of call ${id}`)}>
      <audio preload="metadata" src=${url}></audio>
      <div class="controls">
        <button part="play-button" class="primary play" type="button" aria-label=${playLabel} title=${playLabel} ?disabled=${this.audioFailed} @click=${this.togglePlay}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">${this.playing ? pauseIcon : playIcon}</svg>
        </button>
        <input
          part="seek"
          type="range"
          min="0"
          max=${known ? String(this.duration) : '0'}
          step="1"
          .value=${String(position)}
          aria-label=${msg('Position', { desc: 'The seek slider of the recording' })}
          aria-valuetext=${known ? msg(str`${at} of ${total}`, { desc: 'Position in the recording, e.g. "5 seconds of 2 minutes"' }) : msg('Not loaded yet')}
          ?disabled=${!known || this.audioFailed}
          @input=${this.seek}
        />
        <span part="time" class="time">${formatDuration(position)} / ${known ? formatDuration(this.duration) : '-:--'}</span>
        <span class="actions">
          <select part="speed" aria-label=${msg('Playback speed')} @change=${this.changeSpeed}>
            ${SPEEDS.map((speed) => html`<option value=${String(speed)} ?selected=${speed === this.rate}>${formatNumber(speed)}x</option>`)}
          </select>
          <!-- A new tab: browsers ignore "download" across origins, and the CRM page must never be navigated away. -->
          <a part="download" class="button" href=${url} download target="_blank" rel="noopener noreferrer">${msg('Download')}</a>
          <button part="copy" type="button" @click=${() => this.copyLink(url)}>${msg('Copy link')}</button>
        </span>
      </div>
      ${this.manualLink
        ? html`<label class="manual">${msg('Link to copy')} <input class="link" type="text" readonly .value=${url} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} /></label>`
        : nothing}
      ${this.audioFailed
        ? html`<div class="problem" role="alert">
            <p class="text">${msg('The recording could not be played.')}</p>
            <p class="hint">${msg('Try again, or download it and play it on this computer.')}</p>
            <button part="retry" type="button" @click=${this.reloadAudio}>${msg('Try again')}</button>
          </div>`
        : nothing}
      <span class="visually-hidden" role="status">${this.announcement}</span>
    </div>`;
  }

  private renderOne(row: RecordingRow) {
    return html`<div part="base">${row.url ? this.renderPlayer(row, row.url) : this.renderNoLink(row)}</div>`;
  }

  private renderMany(rows: RecordingRow[]) {
    if (!rows.length) return this.renderMessage(msg('Jodo listed no recordings'), msg('Check the call ids, then try again.'), { retry: true });
    const selected = rows.find((row) => row.url && row.systemcallid === this.selectedId);
    return html`<div part="base">
      <ul part="list" class="list" aria-label=${msg('Call recordings')}>
        ${rows.map((row) => {
          const current = row === selected;
          const tone = row.url ? 'ok' : row.refused || (!row.ok && row.code !== RECORDING_NOT_FOUND) ? 'bad' : 'none';
          return html`<li part="row" class="row" aria-current=${current ? 'true' : nothing}>
            <span class="call">${msg('Call', { desc: 'Before a call id in the list of recordings' })} <span class="id">${row.systemcallid}</span></span>
            <span class="state" data-tone=${tone}>${current ? msg('In the player') : rowStatus(row)}</span>
            ${row.url
              ? html`<button part="row-play" type="button" aria-label=${msg(str`Play call ${row.systemcallid}`)} @click=${() => this.choose(row)}>${msg('Play')}</button>`
              : nothing}
          </li>`;
        })}
      </ul>
      ${selected?.url ? this.renderPlayer(selected, selected.url) : html`<p class="hint">${msg('Press Play on a call to hear its recording.')}</p>`}
    </div>`;
  }

  override render() {
    if (!this.session) return this.providerPending ? nothing : this.renderMessage(msg('Jodo: not connected'), msg(str`Place this element inside ${PROVIDER_TAG}.`));
    if (!this.session.client) return this.renderMessage(msg('Jodo: no endpoint'), msg(str`Set the endpoint attribute of ${PROVIDER_TAG}.`));
    if (!this.request) return this.renderMessage(msg('No call selected yet'), msg('The recording shows here once a call is chosen.'));
    return this.recordings.render({
      initial: () => this.renderLoading(),
      pending: () => this.renderLoading(),
      complete: (loaded) => (loaded.kind === 'one' ? this.renderOne(loaded.row) : this.renderMany(loaded.rows)),
      error: (error) => this.renderError(error),
    });
  }
}
