/*! Flint web SDK v1.0.0, served at GET /sdk/flint.js. Plain ES2017, no dependencies.
 *   flint.init({endpoint: 'https://flint.example', key: '<publishable key>'});
 *   flint.identify('contact-123');
 *   flint.trigger('wifi_signup', {location: 'lobby'}, {bindingId: 'order/123'})
 *     .then(r => r.status); // 'accepted' | 'duplicate' | 'rejected' | 'failed'
 * Events get a messageId when queued, so retries never count twice, and go in batches to
 * POST {endpoint}/v1/events/batch. 429, 5xx and network errors are retried with exponential backoff
 * and jitter, honouring Retry-After; other 4xx answers are final. When the page is hidden or unloaded
 * the queue is sent with fetch keepalive, not navigator.sendBeacon: a beacon cannot carry the
 * Authorization header that holds the key. Keepalive bodies share a 64 KB budget; what does not fit
 * is kept in localStorage and sent on the next page load. Nothing here throws into the page.
 */
(function (global) {
  'use strict';
  const VERSION = '1.0.0';
  if (global.flint && global.flint.VERSION) return; // loaded twice: keep the first

  const MAX_EVENTS = 100, MAX_BYTES = 400 * 1024, MAX_EVENT_BYTES = 32 * 1024, KEEPALIVE_BYTES = 60 * 1024;
  const MAX_QUEUE = 1000, MAX_ATTEMPTS = 10, TIMEOUT = 30000;
  const script = global.document && document.currentScript;
  const encoder = new TextEncoder();
  let config = null, authId = null, queue = [], busy = null, timer = null, retryAt = 0, keepaliveBytes = 0;
  const early = [], unsettled = new Set();

  const warn = (message, error) => { try { console.warn('[flint] ' + message, error || ''); } catch (_) { /* ignore */ } };
  const failure = (code, message) => ({status: 'failed', error: {code, message}});
  const iso = (t) => t instanceof Date || typeof t === 'number' ? new Date(t).toISOString() : t;

  function uuid() {
    const c = global.crypto;
    if (typeof c.randomUUID === 'function') return c.randomUUID(); // secure contexts only
    const b = c.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // Unsent events survive an unload in localStorage; their messageIds make resending safe.
  const stashKey = () => 'flint:queue:' + config.endpoint;
  function stash() {
    try {
      if (queue.length) localStorage.setItem(stashKey(), '[' + queue.map((e) => e.json).join(',') + ']');
      else localStorage.removeItem(stashKey());
    } catch (_) { /* storage full or blocked */ }
  }
  function restore() {
    try {
      const saved = JSON.parse(localStorage.getItem(stashKey()) || '[]');
      localStorage.removeItem(stashKey());
      saved.forEach((event) => enqueue(event, () => {}));
    } catch (_) { /* unreadable: drop it */ }
  }

  function enqueue(event, resolve) {
    const json = JSON.stringify(event), bytes = encoder.encode(json).length;
    if (bytes > MAX_EVENT_BYTES) {
      const error = {code: 'payload_too_large', message: 'An event may be at most 32 KB'};
      return resolve({status: 'rejected', error, body: {status: 'rejected', messageId: event.messageId, error}});
    }
    const entry = {json, bytes, attempts: 0};
    entry.done = new Promise((settle) => {
      entry.resolve = (result) => { unsettled.delete(entry); settle(); resolve(result); };
    });
    unsettled.add(entry);
    queue.push(entry);
    while (queue.length > MAX_QUEUE) queue.shift().resolve(failure('queue_full', 'Too many unsent events'));
    schedule(queue.length >= config.maxBatch ? 0 : config.flushInterval);
  }

  function schedule(delay) {
    if (busy) return; // the running flush picks up new events and reschedules when it ends
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; flushQueue(); }, Math.max(delay, retryAt - Date.now()));
  }

  // The oldest events that fit into one request (always at least one).
  function takeBatch(limit) {
    const entries = [];
    let bytes = 14;
    while (queue.length && entries.length < config.maxBatch && (!entries.length || bytes + queue[0].bytes + 1 <= limit)) {
      bytes += queue[0].bytes + 1;
      entries.push(queue.shift());
    }
    return {entries, bytes, body: '{"events":[' + entries.map((e) => e.json).join(',') + ']}'};
  }

  function retryAfter(response) {
    const value = response && response.headers.get('Retry-After');
    const ms = !value ? 0 : /^\d+$/.test(value) ? value * 1000 : Date.parse(value) - Date.now();
    return ms > 0 ? Math.min(ms, 300000) : 0;
  }

  async function post(batch, keepalive) {
    let response = null, body = null, error = null;
    const abort = new AbortController(), timeout = setTimeout(() => abort.abort(), TIMEOUT);
    if (keepalive) keepaliveBytes += batch.bytes;
    try {
      response = await fetch(config.endpoint + '/v1/events/batch', {
        method: 'POST', mode: 'cors', credentials: 'omit', keepalive, body: batch.body, signal: abort.signal,
        headers: {'Authorization': 'Bearer ' + config.key, 'Content-Type': 'application/json'}
      });
      body = await response.json().catch(() => null);
    } catch (e) {
      error = e;
    } finally {
      if (keepalive) keepaliveBytes -= batch.bytes;
      clearTimeout(timeout);
    }
    const status = response ? response.status : 0;
    if (response && response.ok && body && Array.isArray(body.results)) {
      const byIndex = {};
      body.results.forEach((r) => { byIndex[r.index] = r; });
      batch.entries.forEach((entry, i) => {
        const r = byIndex[i];
        entry.resolve(r ? {status: r.status, body: r, error: r.error} : failure('invalid_response', 'No result for this event'));
      });
    } else if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      // Final: a bad request, a bad key, an origin the key does not allow, too large.
      const apiError = (body && body.error) || {code: 'http_' + status, message: 'HTTP ' + status};
      batch.entries.forEach((entry) => entry.resolve({status: 'rejected', body, error: apiError}));
    } else {
      // 429, 5xx, 408, a network error or an unreadable answer: back off and retry the same events.
      const why = error ? failure('network_error', String(error.message || error)) : failure('http_' + status, 'HTTP ' + status);
      let attempts = 0;
      batch.entries.forEach((e) => { attempts = Math.max(attempts, ++e.attempts); });
      batch.entries.filter((e) => e.attempts >= MAX_ATTEMPTS).forEach((e) => e.resolve(why));
      queue = batch.entries.filter((e) => e.attempts < MAX_ATTEMPTS).concat(queue);
      const base = Math.min(30000, 500 * 2 ** (attempts - 1));
      retryAt = Date.now() + Math.max(retryAfter(response), base / 2 + Math.random() * base / 2);
    }
  }

  // Sends the queue one batch at a time, until it is empty or has to wait for a retry.
  function flushQueue() {
    if (busy) return busy;
    clearTimeout(timer);
    timer = null;
    busy = (async () => {
      while (queue.length && Date.now() >= retryAt) {
        const batch = takeBatch(MAX_BYTES);
        await post(batch, batch.bytes <= KEEPALIVE_BYTES - keepaliveBytes);
      }
    })().catch((e) => warn('flush failed', e)).then(() => {
      busy = null;
      if (queue.length) schedule(config.flushInterval); else stash();
    });
    return busy;
  }

  // The page is hidden or going away: send what fits into the keepalive budget now, stash the rest.
  function flushOnHide() {
    try {
      retryAt = 0;
      while (queue.length) {
        const batch = takeBatch(KEEPALIVE_BYTES - keepaliveBytes);
        if (batch.bytes > KEEPALIVE_BYTES - keepaliveBytes) { queue = batch.entries.concat(queue); break; }
        post(batch, true).then(() => { if (queue.length) schedule(config.flushInterval); });
      }
      stash();
    } catch (e) { warn('unload flush failed', e); }
  }

  global.flint = {
    VERSION,

    /** Configures the SDK: {endpoint (default: where this file came from), key, flushInterval = 1000 ms, maxBatch = 100}. */
    init(options) {
      try {
        options = options || {};
        const endpoint = options.endpoint || (script && script.src ? new URL(script.src).origin : '');
        if (!endpoint || !options.key) return warn('init needs {endpoint, key}');
        const first = !config;
        config = {
          endpoint: String(endpoint).replace(/\/+$/, ''), key: String(options.key),
          flushInterval: options.flushInterval >= 0 ? options.flushInterval : 1000,
          maxBatch: Math.max(1, Math.min(MAX_EVENTS, options.maxBatch || MAX_EVENTS))
        };
        if (!first) return;
        restore();
        early.splice(0).forEach((add) => add());
        global.addEventListener('pagehide', flushOnHide);
        document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flushOnHide(); });
      } catch (e) { warn('init failed', e); }
    },

    /** Sets the authId of later triggers; identify(null) forgets it. */
    identify(id) {
      try { authId = id == null ? null : String(id); } catch (e) { warn('identify failed', e); }
    },

    /** Queues an event and resolves to {status, body, error} once it is settled; never rejects.
     *  options: {bindingId, timestamp, contactpoint_email, contactpoint_phone, authId, messageId}. */
    trigger(name, attributes, options) {
      return new Promise((resolve) => {
        try {
          options = options || {};
          const event = {trigger: String(name), messageId: options.messageId || uuid(), timestamp: iso(options.timestamp) || new Date().toISOString()};
          const who = options.authId != null ? options.authId : authId;
          if (who != null) event.authId = String(who);
          ['bindingId', 'contactpoint_email', 'contactpoint_phone'].forEach((field) => {
            if (options[field] != null) event[field] = String(options[field]);
          });
          event.attributes = attributes || {};
          const add = () => { try { enqueue(event, resolve); } catch (e) { resolve(failure('sdk_error', String(e))); } };
          if (config) add();
          else if (early.length < MAX_QUEUE) early.push(add); // sent once init() runs
          else resolve(failure('queue_full', 'Too many events before flint.init'));
        } catch (e) {
          resolve(failure('sdk_error', String(e && e.message || e)));
        }
      });
    },

    /** Sends the queue now rather than after the flush interval (a running backoff still applies);
     *  resolves once every event queued so far is settled. Never rejects. */
    flush() {
      try {
        if (!config) return Promise.resolve();
        const waiting = Array.from(unsettled, (entry) => entry.done);
        flushQueue();
        return Promise.all(waiting).then(() => {});
      } catch (e) {
        warn('flush failed', e);
        return Promise.resolve();
      }
    }
  };
})(typeof window !== 'undefined' ? window : this);
