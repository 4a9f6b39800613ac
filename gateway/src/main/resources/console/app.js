// The console's entry: sign-in with a token, who it is (operator or viewer), the four views behind the hash.
import {setToken, token, identity, call, describe} from './api.js';
import {$, $$, notice} from './ui.js';
import {initRead, providersChanged as readProviders} from './read.js';
import {initCompare, providersChanged as compareProviders} from './compare.js';
import {initRouting, load as loadRouting, setRole} from './routing.js';
import {initLive, showLive} from './live.js';

const VIEWS = ['read', 'compare', 'routing', 'live'];

async function signIn() {
  const who = await identity();
  if (!who.ok) {
    setToken(null);
    showSignIn(describe(who.result));
    return;
  }
  const stats = await call('/admin/stats');
  if (!stats.ok) {
    setToken(null);
    showSignIn(describe(stats));
    return;
  }
  document.body.dataset.role = who.role;
  $('#whoami').textContent = `${who.name} (${who.role})`;
  $('#sign-out').hidden = false;
  $('#signin').hidden = true;
  setRole(who.role);
  const providers = Object.keys(stats.body.providers);
  readProviders(providers);
  compareProviders(providers);
  await loadRouting(true);
  route();
}

function showSignIn(error) {
  document.body.dataset.role = '';
  $('#whoami').textContent = '';
  $('#sign-out').hidden = true;
  VIEWS.forEach(v => { $('#view-' + v).hidden = true; });
  showLive(false);
  $('#signin').hidden = false;
  $('#token-error').hidden = !error;
  $('#token-error').textContent = error ? `Not signed in: ${error}` : '';
  $('#token').focus();
}

function route() {
  if (!token()) return;
  const name = VIEWS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'read';
  VIEWS.forEach(v => { $('#view-' + v).hidden = v !== name; });
  $$('nav a').forEach(a => a.toggleAttribute('aria-current', a.dataset.view === name));
  $$('nav a').forEach(a => { if (a.dataset.view === name) a.setAttribute('aria-current', 'page'); });
  showLive(name === 'live');
  if (name === 'routing') loadRouting(false);
}

function start() {
  initRead();
  initCompare();
  initRouting(() => {});
  initLive();
  $('#token-form').addEventListener('submit', e => {
    e.preventDefault();
    setToken($('#token').value.trim());
    $('#token').value = '';
    signIn();
  });
  $('#sign-out').addEventListener('click', () => {
    setToken(null);
    showSignIn(null);
    notice('Signed out; the token is gone from this tab.');
  });
  window.addEventListener('hashchange', () => {
    route();
    $('#main').focus();
  });
  if (token()) signIn(); else showSignIn(null);
}

start();
