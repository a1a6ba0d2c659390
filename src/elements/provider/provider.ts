import { ContextProvider } from '@lit/context';
import { css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { JodoClient, type JodoApi } from '../../api/client.js';
import { jodoSessionContext, type JodoCall, type JodoSession } from '../../context/session.js';
import { SessionLookupController } from '../../controllers/session-lookup-controller.js';
import { JodoCallEvent } from '../../events/jodo-call.js';
import { followPageLanguage } from '../../i18n/page-language.js';
import { LazyOutbox, type OutboxApi } from '../../outbox/lazy-outbox.js';
import { readDialPolicy, type DialPolicy } from '../../phone/dial-policy.js';
import { RequestLog } from '../../requests/request-log.js';
import { StatusHub } from '../../status/status-hub.js';
import { tokenFromUrl, tokenSource, type TokenSource } from '../../requests/token-source.js';
import { JodoElement } from '../jodo-element.js';
import type { UrlCallReader } from './call-from-url.js';
import { loadUrlCallReader } from './call-from-url-loader.js';

const DEFAULT_POLL_MS = 5000;
/** A URL on the page's own origin (the gateway's), or '' for anything else: the stream carries the session's cookie. */
function sameOriginUrl(url: string | undefined): string {
  if (!url) return '';
  try {
    const resolved = new URL(url, location.href);
    return resolved.origin === location.origin && /^https?:$/.test(resolved.protocol) ? resolved.href : '';
  } catch {
    return '';
  }
}
/** Where a page may hold the organisation key: this machine only (the sandbox, local development). */
const isLocalHost = (hostname: string) => hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);

/**
 * Owns the toolbar's one Jodo client, the agent's session and the current
 * call, and shares them with every Jodo element inside it. Attributes alone
 * make a working toolbar; a page that builds its own client sets `client`.
 *
 * It also sets the toolbar's language: its own `lang` attribute, else the
 * nearest `lang` around it (`<html lang>`), else the browser's languages;
 * English, Hindi (`hi`) and Arabic (`ar`), English for any other. A change
 * of either `lang` switches it at once. The page has one language for every
 * Jodo element (the first connected provider's); for Arabic, give the page
 * (or the provider) `dir="rtl"`.
 *
 * A CRM that signs its agents in itself (OIDC, its own JWT) gives the
 * provider the agent's token instead of a gateway session: `token-url` is
 * fetched (GET, with the page's cookies) for JSON
 * `{ "token": "…", "expires_in": 300 }` (or `access_token`; without
 * `expires_in` the token's own `exp` is read), or `getToken` is called for
 * one. Every request carries it as `Authorization: Bearer …`; a new one is
 * fetched shortly before it expires, and when the gateway refuses a token
 * (9401) the request is sent once more with a new one.
 *
 * A dialer that opens the CRM page for each call with the call in its
 * address (a screen pop) needs `call-from-url`: the provider reads
 * `mobilenumber`, `systemcallid`, `sessionid` and `servicekey` from the
 * page's hash (`#mobilenumber=…`, or a hash route's `#/call?…`) or, when the
 * hash names no call, its query; `call-params` renames them. A number or a
 * call id makes a call; empty parameters count as absent. The call is checked
 * with the rules its fields have in Jodo's requests and applied whole (the
 * servicekey, when given, becomes the provider's), or, if any value is bad,
 * not at all: a console warning and a notice (part `notice`) say which.
 * The address is read again on `hashchange` and `popstate` (after a router's
 * `history.pushState`, call `readCallFromUrl()`); a call set since by the
 * page (`call`, the attributes, a `jodo-call` event) stays until the
 * address names another call.
 *
 * @tag jodo-provider
 * @summary The session every Jodo element below it uses.
 *
 * @slot - The Jodo elements (and anything else) of the toolbar.
 * @csspart notice - Says that the call in the page's address was refused, and why.
 * @csspart dismiss - The notice's button that hides it.
 */
export class JodoProvider extends JodoElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  // The tab that polls shares its measure of Jodo's clock with the others (read and adopted when the hub talks, after construction).
  private readonly hub = new StatusHub({ intervalMs: DEFAULT_POLL_MS, skew: { read: () => this.log.ownSkew, adopt: (estimate) => this.log.adopt(estimate) } });
  private readonly queue = new LazyOutbox();
  private readonly log = new RequestLog();
  private readonly session = new ContextProvider(this, { context: jodoSessionContext });
  /** Asks `session-url` who is signed in; a lookup cut short by a move in the page starts again. */
  private readonly sessionLookup = new SessionLookupController(this, {
    token: () => this.token,
    // Fills `login` and `servicekey` when the page left them out; signed out (or no such session): no team to show either.
    found: (me) => {
      this.sessionTeam = me?.team ?? [];
      this.eventsUrl = sameOriginUrl(me?.events);
      if (!me) return;
      this.login ||= me.login;
      this.servicekey ||= me.servicekeys[0] ?? '';
    },
  });
  private builtClient: JodoClient | undefined;
  /** The supervisor's team from the gateway's session (a team board's default agents). */
  @state() private sessionTeam: readonly string[] = [];
  /** Where the gateway streams agents' states, as its session answer says (absent from older gateways and CRM endpoints). */
  @state() private eventsUrl = '';
  private stopFollowingLanguage: (() => void) | undefined;

  /** URL of the Jodo endpoint (`handleCustomerWS`) or of the gateway's same-origin path. */
  @property() endpoint = '';

  /**
   * The organisation key, for the sandbox and local development only: it is
   * used on `localhost`/`127.0.0.1` pages and refused anywhere else, where
   * the gateway adds it and the page never holds it.
   */
  @property() apikey = '';

  /** The signed-in agent's Jodo login. */
  @property() login = '';

  /** The process (servicekey) the agent works in. */
  @property() servicekey = '';

  /**
   * Behind the gateway: where to ask who is signed in (e.g. `/jodo/session`).
   * Its answer's `login` (and first servicekey) is used when `login`
   * (`servicekey`) is not set, so a page needs no per-agent markup; a
   * supervisor's `team` is what a team board shows when given no logins.
   * When the answer names the gateway's event stream (`events`), the tab that
   * polls holds that stream instead of polling while it carries the states,
   * and polls again where it ends (pages signing in with a bearer token keep
   * polling: EventSource cannot send one).
   * An answer that is not a session is ignored, with a console warning; a
   * provider moved in the page before the answer came asks again.
   */
  @property({ attribute: 'session-url' }) sessionUrl = '';

  /**
   * Where the agent's bearer token comes from when the CRM signs agents in: a same-origin URL
   * answering `{ "token": "…", "expires_in": seconds }` (or `access_token`). See above.
   */
  @property({ attribute: 'token-url' }) tokenUrl = '';

  /**
   * For frameworks: a function giving the agent's bearer token (or a Promise of it), called when a
   * token is needed; `refresh` is true once the gateway refused the last one. Wins over `token-url`.
   */
  @property({ attribute: false }) getToken?: (options: { refresh: boolean }) => string | undefined | Promise<string | undefined>;

  /** How often agent states are polled while the agent is on a call (Dialling, Talking, Hold, Wrapup…), in ms (at least 250). */
  @property({ attribute: 'poll-interval', type: Number }) pollInterval = DEFAULT_POLL_MS;

  /** How often agent states are polled while every agent shown is Ready or idle, in ms; twice `poll-interval` when unset. */
  @property({ attribute: 'idle-poll-interval', type: Number }) idlePollInterval = 0;

  /** A client the page built itself (with a gateway's headers, say); wins over `endpoint`. */
  @property({ attribute: false }) client?: JodoApi;

  /** The current call's customer number. */
  @property() mobilenumber = '';

  /** The current call's Jodo customer code. */
  @property() customercode = '';

  /** The current call's CRM key (a policy number, say). */
  @property() crmuniquefield = '';

  /** The current call's id, for its recording and its disposition. */
  @property() systemcallid = '';

  /** The current call's Jodo session id, when the dialer gives one. */
  @property() sessionid = '';

  /**
   * Takes the current call from the page's address (hash, else query), for dialers that open the CRM
   * page per call; read again when the address changes. A bad value is refused whole, with a notice.
   */
  @property({ attribute: 'call-from-url', type: Boolean }) callFromUrl = false;

  /**
   * With `call-from-url`: JSON naming the address's parameter for each field the defaults do not fit,
   * e.g. `{"mobilenumber":"ani","systemcallid":"callid"}`; `mobilenumber`, `systemcallid`, `sessionid`
   * and `servicekey` otherwise.
   */
  @property({ attribute: 'call-params' }) callParams = '';

  /** How the page's trunk dials international numbers, for `<jodo-click-to-call>`: `gsm` (with `+`, the default) or `telco` (with `00`). */
  @property() trunk = '';

  /** Digits the trunk needs before a national number (`0`), for `<jodo-click-to-call>`; none by default. */
  @property({ attribute: 'domestic-prefix' }) domesticPrefix = '';

  /** The deployment's country calling code (`91`), for `<jodo-click-to-call>`: its numbers are dialled as national ones. */
  @property({ attribute: 'country-code' }) countryCode = '';

  /** The current call as one object; setting it replaces all its fields. */
  get call(): JodoCall {
    const call: JodoCall = {};
    if (this.mobilenumber) call.mobilenumber = this.mobilenumber;
    if (this.customercode) call.customercode = this.customercode;
    if (this.crmuniquefield) call.crmuniquefield = this.crmuniquefield;
    if (this.systemcallid) call.systemcallid = this.systemcallid;
    if (this.sessionid) call.sessionid = this.sessionid;
    return call;
  }

  set call(call: JodoCall | undefined) {
    // CRMs send numbers as often as text (`7507959484`, an 18-digit id): every field is kept as text.
    const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());
    this.mobilenumber = text(call?.mobilenumber);
    this.customercode = text(call?.customercode);
    this.crmuniquefield = text(call?.crmuniquefield);
    this.systemcallid = text(call?.systemcallid);
    this.sessionid = text(call?.sessionid);
  }

  /** The shared poller of agent states (also what tests and the host page can ask to refresh). */
  get status(): StatusHub {
    return this.hub;
  }

  /** The queue of writes (wrap-ups, customer saves) not yet acknowledged by Jodo. */
  get outbox(): OutboxApi {
    return this.queue;
  }

  /**
   * The last 100 requests of the provider's client (method, outcome, codes, ms, when: never what
   * was sent) and Jodo's clock as they measured it. A page's own `client` is recorded when built
   * with `observe: provider.requests.record`.
   */
  get requests(): RequestLog {
    return this.log;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener(JodoCallEvent.type, this.handleCall);
    this.queue.start();
    this.stopFollowingLanguage = followPageLanguage(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener(JodoCallEvent.type, this.handleCall);
    this.hub.stop();
    this.queue.stop();
    this.stopFollowingLanguage?.();
    this.stopFollowingLanguage = undefined;
  }

  /**
   * `call-from-url`'s reader of the address, a controller from `./call-from-url.js`: loaded (with
   * `import()`, call-from-url-loader.ts) the first time `call-from-url` is set, so pages without it never download it.
   */
  private urlCalls: UrlCallReader | undefined;
  /** Its loading, which `updateComplete` waits for. */
  private urlCallsLoad: Promise<void> | undefined;

  private loadUrlCalls(): void {
    this.urlCallsLoad ??= loadUrlCallReader().then(
      ({ UrlCallReader }) => {
        // Listens and reads the address from now on (now, if connected).
        this.urlCalls = new UrlCallReader(this);
      },
      (error: unknown) => {
        // Tried again at the next read.
        this.urlCallsLoad = undefined;
        console.warn('<jodo-provider call-from-url> could not load its address reader:', error);
      },
    );
  }

  /** Includes the address reader's loading and first read: the call in the page's address is applied once the element has updated. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const updated = await super.getUpdateComplete();
    if (!this.urlCallsLoad) return updated;
    await this.urlCallsLoad;
    return super.getUpdateComplete();
  }

  /**
   * Reads the call in the page's address now and applies it whole, or refuses it whole; true when a call
   * was applied. Runs by itself on connection and on `hashchange` and `popstate`; a page whose router
   * changes the address with `history.pushState` (which fires neither) calls it after. The same call
   * as last time is not applied again, so a call the page or the dialer set since is kept. The reader
   * is loaded when `call-from-url` is first set: until it has (`updateComplete` waits for it), this
   * returns false and the address is read as soon as it has.
   */
  readCallFromUrl(): boolean {
    if (this.urlCalls) return this.urlCalls.read();
    if (this.callFromUrl) this.loadUrlCalls();
    return false;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('callFromUrl') || changed.has('callParams')) {
      if (this.urlCalls) this.urlCalls.reset();
      else this.readCallFromUrl();
    }
    const tokenChanged = changed.has('tokenUrl') || changed.has('getToken');
    if (tokenChanged) this.token = this.buildTokenSource();
    if (tokenChanged || changed.has('endpoint') || changed.has('apikey') || changed.has('servicekey') || changed.has('client')) {
      this.builtClient = !this.client && this.endpoint ? this.buildClient() : undefined;
    }
    const client = this.client ?? this.builtClient;
    const session: JodoSession = {
      login: this.login.trim(),
      team: this.sessionTeam,
      servicekey: this.servicekey.trim(),
      pollIntervalMs: this.pollInterval > 0 ? this.pollInterval : DEFAULT_POLL_MS,
      status: this.hub,
      outbox: this.queue,
      call: this.call,
      dialPolicy: this.dialPolicy(changed),
      requests: this.log,
      ...(client ? { client } : {}),
    };
    if (['endpoint', 'apikey', 'servicekey', 'client', 'tokenUrl', 'getToken', 'pollInterval', 'idlePollInterval', 'login', 'eventsUrl'].some((key) => changed.has(key))) {
      this.hub.configure({
        client,
        // Pushed when the gateway offers it and the page signs in with its cookie (EventSource sends no bearer token).
        eventsUrl: this.token || this.client ? '' : this.eventsUrl,
        servicekey: session.servicekey,
        intervalMs: session.pollIntervalMs,
        idleIntervalMs: this.idlePollInterval > 0 ? Math.max(this.idlePollInterval, session.pollIntervalMs) : session.pollIntervalMs * 2,
        // Tabs showing the same agent of the same process through the same endpoint share one poller.
        scope: [this.client ? 'client' : this.endpoint, session.servicekey, session.login.toLowerCase()].join('|'),
      });
    }
    if (tokenChanged || changed.has('login') || changed.has('endpoint') || changed.has('apikey') || changed.has('servicekey') || changed.has('client')) {
      this.queue.configure({ client, owner: session.login });
    }
    this.session.setValue(session);
  }

  /** Asks who is signed in once rendered: the session URL or the token changed. */
  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if ((changed.has('sessionUrl') || changed.has('tokenUrl') || changed.has('getToken')) && this.sessionUrl) this.sessionLookup.lookUp(this.sessionUrl);
  }

  private policy: Partial<DialPolicy> = {};

  /** The page-wide dial policy, read again when one of its attributes changed (an unusable value is named once). */
  private dialPolicy(changed: Map<PropertyKey, unknown>): Partial<DialPolicy> {
    if (!['trunk', 'domesticPrefix', 'countryCode'].some((key) => changed.has(key))) return this.policy;
    const { policy, unusable } = readDialPolicy({ trunk: this.trunk, domesticPrefix: this.domesticPrefix, countryCode: this.countryCode });
    if (unusable.length) console.warn(`<jodo-provider> ignores unusable dial settings: ${unusable.join(', ')}.`);
    return (this.policy = policy);
  }

  /** The agent's token from the page's `getToken` or `token-url`, if it gives one. */
  private token: TokenSource | undefined;

  private buildTokenSource(): TokenSource | undefined {
    const { getToken } = this;
    if (getToken) return tokenSource(async (refresh) => ({ token: (await getToken({ refresh })) ?? '' }));
    return this.tokenUrl ? tokenSource(tokenFromUrl(this.tokenUrl)) : undefined;
  }

  private buildClient(): JodoClient {
    const useKey = Boolean(this.apikey) && isLocalHost(location.hostname);
    if (this.apikey && !useKey) {
      // Any script on the page could read it and act as the whole organisation: not sent, whatever the page says.
      console.error('<jodo-provider apikey> is refused outside localhost: serve the toolbar through the Jodo gateway, which adds the key.');
    }
    return new JodoClient({
      endpoint: this.endpoint,
      ...(useKey ? { apikey: this.apikey } : {}),
      ...(this.servicekey ? { servicekey: this.servicekey } : {}),
      ...(this.token ? { token: this.token } : {}),
      observe: this.log.record,
      now: () => this.log.now(),
    });
  }

  private readonly handleCall = (event: JodoCallEvent) => {
    this.call = event.detail;
  };

  override render() {
    return html`${this.urlCalls?.notice()}<slot></slot>`;
  }
}
