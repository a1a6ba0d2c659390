// Demo wiring, not element code: the sandbox tells which call an agent is on
// (GET /sandbox/agents/<login>/call); a real CRM gets this from its telephony
// integration. When the agent's state changes, ask, and tell the provider.
// Plain JavaScript so the legacy page can load it with a classic script tag.
(function () {
  function wire(provider, onCall) {
    async function refresh() {
      const login = provider.login || provider.getAttribute('login');
      if (!login) return;
      const response = await fetch('/sandbox/agents/' + encodeURIComponent(login) + '/call');
      if (response.status !== 200) return; // 204: no call yet
      const call = await response.json();
      const detail = { mobilenumber: call.mobilenumber || undefined, systemcallid: call.recordingfilepath ? call.systemcallid : undefined };
      provider.dispatchEvent(new CustomEvent('jodo-call', { bubbles: true, composed: true, detail: detail }));
      if (onCall) onCall(call);
    }
    provider.addEventListener('jodo-status-change', function (event) {
      // Ringing, dialling or talking: a call is on. Wrapup: it ended and now has its recording.
      if ([4, 5, 7, 8].indexOf(event.detail.current) >= 0) refresh().catch(function () {});
    });
    return refresh;
  }
  window.jodoDemoWireCalls = wire;

  /** The demo's sign-in: the gateway's session, or its sign-in page and back here. */
  window.jodoDemoSession = async function () {
    const response = await fetch('/jodo/session', { credentials: 'same-origin' });
    if (response.status === 401) {
      // The query too: a page opened by a dialer with the call in its address keeps it through the sign-in.
      location.assign('/jodo/login?return=' + encodeURIComponent(location.pathname + location.search));
      return new Promise(function () {});
    }
    return response.json();
  };

  // Pages without code of their own (the legacy portal) mark the provider instead.
  addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('jodo-provider[data-sandbox-calls]').forEach(function (provider) {
      // Through the autoloader the provider is defined a moment after the page: a jodo-call sent before would be lost.
      Promise.all([window.jodoDemoSession(), customElements.whenDefined('jodo-provider')]).then(function () {
        var refresh = wire(provider);
        // A page opened for a call (call-from-url) shows that call: the agent's last one is asked for only at the next state change.
        if (provider.hasAttribute('call-from-url') && /[?#&](mobilenumber|systemcallid)=./.test(location.search + location.hash)) return;
        refresh().catch(function () {});
      });
    });
  });
})();
