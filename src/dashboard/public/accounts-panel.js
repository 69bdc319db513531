/*
 * The owner's Accounts tab: who may sign in and with which role. The owner adds a person (name, role, a first
 * password they hand over), changes a role, sets a new password or disables an account; a disabled account is
 * signed out at once on every tablet. The server enforces all of it (a staff account never gets this tab's data).
 */
import { $, api, dateTime, el, state, toast } from './common.js';

const ROLE_TEXT = {
  owner: 'Owner — everything: reports, menu, refunds, accounts',
  staff: 'Staff — the board, order status, sold-out dishes',
};

export async function loadAccounts() {
  try {
    render(await api('/dashboard/api/accounts'));
  } catch (err) {
    if (err.message !== 'Signed out') toast(`Could not read the accounts: ${err.message}`);
  }
}

async function change(account, body, done) {
  try {
    await api(`/dashboard/api/accounts/${account.id}`, { method: 'PATCH', body });
    toast(done, 'ok');
  } catch (err) {
    toast(err.message);
  }
  loadAccounts();
}

function roleSelect(account) {
  const select = el(
    'select',
    { 'aria-label': `Role of ${account.username}`, class: 'account-role' },
    ['owner', 'staff'].map((role) => el('option', { value: role, text: role === 'owner' ? 'Owner' : 'Staff' })),
  );
  select.value = account.role;
  select.disabled = account.disabled;
  select.onchange = () =>
    change(account, { role: select.value }, `${account.username} is now ${select.value === 'owner' ? 'an owner' : 'staff'}.`);
  return select;
}

function passwordForm(account) {
  const input = el('input', {
    type: 'password',
    name: 'password',
    autocomplete: 'new-password',
    minLength: 12,
    required: true,
    placeholder: 'New password (12+ characters)',
    'aria-label': `New password for ${account.username}`,
  });
  const form = el('form', { class: 'account-password' }, [input, el('button', { type: 'submit', class: 'ghost', text: 'Set password' })]);
  form.onsubmit = (e) => {
    e.preventDefault();
    change(account, { password: input.value }, `New password set for ${account.username}; their other sessions have ended.`);
  };
  return form;
}

function row(account) {
  const self = state.session && account.username === state.session.user;
  const toggle = el('button', {
    type: 'button',
    class: account.disabled ? 'act account-enable' : 'act danger account-disable',
    text: account.disabled ? 'Enable' : 'Disable',
  });
  toggle.onclick = () => {
    if (!account.disabled && !confirm(`Disable ${account.username}? They are signed out at once and cannot sign in again.`)) return;
    change(
      account,
      { disabled: !account.disabled },
      `${account.username} ${account.disabled ? 'may sign in again' : 'is disabled and signed out'}.`,
    );
  };
  return el('tr', { 'data-account': account.username, class: account.disabled ? 'disabled' : '' }, [
    el('th', { scope: 'row' }, [
      el('span', { class: 'account-name', text: account.username }),
      self ? el('span', { class: 'tag', text: 'you' }) : null,
      account.disabled ? el('span', { class: 'tag cancelled', text: 'disabled' }) : null,
    ]),
    el('td', {}, [roleSelect(account)]),
    el('td', { class: 'account-created', text: `${dateTime(account.createdAt)} · by ${account.createdBy.replace(/^dashboard:/, '')}` }),
    el('td', {}, [passwordForm(account)]),
    el('td', {}, [toggle]),
  ]);
}

function render(accounts) {
  const table = el('table', { class: 'accounts-table' }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        ['Name', 'Role', 'Created', 'Password', ''].map((h) => el('th', { scope: 'col', text: h })),
      ),
    ]),
    el('tbody', {}, accounts.map(row)),
  ]);
  $('accounts-list').replaceChildren(table);
}

export function wireAccountsPanel() {
  const form = $('account-add');
  $('account-role-help').textContent = ROLE_TEXT[$('account-add-role').value];
  $('account-add-role').addEventListener('change', (e) => ($('account-role-help').textContent = ROLE_TEXT[e.target.value]));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { username: form.username.value.trim(), role: form.role.value, password: form.password.value };
    try {
      await api('/dashboard/api/accounts', { method: 'POST', body });
      toast(`${body.username} can sign in now.`, 'ok');
      form.reset();
      $('account-role-help').textContent = ROLE_TEXT[$('account-add-role').value];
    } catch (err) {
      toast(err.message);
    }
    loadAccounts();
  });
}
