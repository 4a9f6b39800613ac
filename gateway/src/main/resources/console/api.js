// Every data call of the console: the admin API on this origin, with the token from this tab's session storage.
const KEY = 'gateway-admin-token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY);
}

/** An admin call. Resolves to {status, ok, etag, body} whatever the status; rejects only when the network fails. */
export async function call(path, {method = 'GET', json, body, contentType, headers = {}} = {}) {
  const h = {...headers, Authorization: 'Bearer ' + token()};
  let payload = body;
  if (json !== undefined) {
    payload = JSON.stringify(json);
    h['Content-Type'] = 'application/json';
  } else if (contentType) {
    h['Content-Type'] = contentType;
  }
  const response = await fetch(path, {method, headers: h, body: payload, cache: 'no-store'});
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch (e) {
    parsed = {raw: text};
  }
  return {status: response.status, ok: response.ok, etag: response.headers.get('ETag'), body: parsed, text};
}

/** The error of a failed call as one sentence. */
export function describe(result) {
  const e = result.body && result.body.error;
  if (result.status === 403 && e && e.code === 'forbidden') {
    return 'Your role may not change this (403 forbidden): ' + e.message;
  }
  return e ? `${result.status} ${e.code}: ${e.message}` : `HTTP ${result.status}`;
}

/**
 * Who the token is: GET /admin/identity ({name, role}). A gateway without roles answers 404 there; its one token
 * is an operator's.
 */
export async function identity() {
  const r = await call('/admin/identity');
  if (r.status === 404) return {ok: true, name: 'admin token', role: 'operator'};
  if (!r.ok) return {ok: false, result: r};
  return {ok: true, name: r.body.name, role: r.body.role};
}

/** Unauthenticated on purpose: the Prometheus text of /metrics, for what /admin/stats does not report (cost). */
export async function metricsText() {
  const response = await fetch('/metrics', {cache: 'no-store'});
  return response.ok ? response.text() : '';
}
