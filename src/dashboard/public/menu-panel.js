/*
 * The Menu tab and the menu's options as the board shows them: every dish with its groups of choices, sold out /
 * run out toggles, a group's name and limits edited inline; and each order line's options read the kitchen's way
 * ("LARGE · Extra cheese · No basil"), for the cards and the order detail.
 */
import { $, api, el, money, priceDelta, toast } from './common.js';

const menu = {
  /** The menu as last read. */
  items: [],
  /** `menuItemId + group name` of every group that takes exactly one choice: those options are shown in capitals. */
  singleChoice: new Set(),
  /** The group whose edit form is open, and what was typed in it (kept across live redraws). */
  editingGroup: null,
  /** Called when the groups that take one choice changed: the board draws its lines again. */
  onSingleChoiceChange: () => {},
};

function singleChoiceKey(menuItemId, group) {
  return `${menuItemId}\u0000${group.toLowerCase()}`;
}

/**
 * A line's options as the kitchen reads them, in the order the menu asks for them: "LARGE · Extra cheese · No
 * basil". An option of a group that takes exactly one choice (a size, a dressing, a sauce) is in capitals, so
 * the one choice every such dish has stands out from the add-ons; the line keeps the names as ordered, and an
 * option whose group is no longer on the menu is shown as named.
 */
export function optionsLine(item) {
  if (!item.options || item.options.length === 0) return null;
  // A narrow card wraps between options only, each wrapped line starting with its dot, like a list.
  const parts = [];
  item.options.forEach((option, i) => {
    const single = menu.singleChoice.has(singleChoiceKey(item.menuItemId, option.group));
    if (i > 0) parts.push(' ');
    parts.push(
      el('span', { class: 'opt-unit' }, [
        i > 0 ? el('span', { class: 'opt-sep', text: '· ' }) : null,
        el('span', { class: single ? 'opt opt-single' : 'opt', title: `${option.group}: ${option.name}`, text: option.name }),
      ]),
    );
  });
  return el('div', { class: 'item-options' }, parts);
}

/**
 * Reads the menu and draws the Menu tab (hidden or not: a change announced live is drawn at once). When the
 * groups that take exactly one choice changed, the board and an open order are drawn again too.
 */
export async function loadMenu() {
  let items;
  try {
    items = await api('/dashboard/api/menu');
  } catch (err) {
    if (err.message !== 'Signed out') toast(`Could not load the menu: ${err.message}`);
    return;
  }
  menu.items = items;
  const single = new Set();
  for (const item of items) {
    for (const group of item.optionGroups || []) {
      if (group.minChoices === 1 && group.maxChoices === 1) single.add(singleChoiceKey(item.id, group.name));
    }
  }
  const changed = single.size !== menu.singleChoice.size || [...single].some((key) => !menu.singleChoice.has(key));
  menu.singleChoice = single;
  renderMenu();
  if (changed) menu.onSingleChoiceChange();
}

/** How many of a group are chosen, as staff say it: "choose 1", "up to 5", "optional", "choose 2 to 3". */
function choiceRule(group) {
  if (group.minChoices === group.maxChoices) return `choose ${group.minChoices}`;
  if (group.minChoices === 0) return group.maxChoices === 1 ? 'optional' : `up to ${group.maxChoices}`;
  return `choose ${group.minChoices} to ${group.maxChoices}`;
}

function renderMenu() {
  rememberGroupForm();
  const editing = menu.editingGroup;
  if (editing && !menu.items.some((item) => (item.optionGroups || []).some((g) => g.id === editing.groupId))) {
    menu.editingGroup = null;
  }
  const categories = new Map();
  for (const item of menu.items) {
    if (!categories.has(item.category)) categories.set(item.category, []);
    categories.get(item.category).push(item);
  }
  $('menu-list').replaceChildren(
    ...[...categories].map(([category, list]) =>
      el('section', { class: 'menu-group' }, [el('h3', { text: category }), el('ul', {}, list.map(renderMenuItem))]),
    ),
  );
  restoreGroupFormFocus();
}

function renderMenuItem(item) {
  const groups = item.optionGroups || [];
  return el('li', { class: `menu-item${item.available ? '' : ' sold-out'}`, 'data-menu-item-id': item.id }, [
    el('div', { class: 'menu-dish' }, [
      el('span', { class: 'menu-name', text: item.name }),
      el('span', { class: 'menu-price', text: money(item.priceCents, item.currency) }),
      el('span', { class: `tag ${item.available ? 'avail' : 'unavail'}`, text: item.available ? 'On the menu' : 'Sold out' }),
      el('button', {
        type: 'button',
        class: item.available ? 'act cancel menu-toggle' : 'act primary menu-toggle',
        'data-menu-item-id': item.id,
        'data-available': String(!item.available),
        text: item.available ? 'Mark sold out' : 'Back on menu',
      }),
    ]),
    groups.length
      ? el(
          'div',
          { class: 'opt-groups' },
          groups.map((group) => renderOptionGroup(item, group)),
        )
      : null,
  ]);
}

function renderOptionGroup(item, group) {
  const editing = menu.editingGroup && menu.editingGroup.groupId === group.id ? menu.editingGroup : null;
  return el('div', { class: 'opt-group', 'data-group-id': group.id }, [
    editing
      ? renderGroupForm(group, editing)
      : el('div', { class: 'opt-group-head' }, [
          el('span', { class: 'opt-group-name', text: group.name }),
          el('span', { class: 'opt-group-rule', text: ` · ${choiceRule(group)}` }),
          el('button', {
            type: 'button',
            class: 'ghost group-edit owner-only',
            'data-group-id': group.id,
            'aria-label': `Edit ${group.name} of ${item.name}`,
            text: 'Edit',
          }),
        ]),
    el(
      'ul',
      { class: 'opt-list' },
      group.options.map((option) =>
        el('li', { class: `opt-row${option.available ? '' : ' run-out'}`, 'data-option-id': option.id }, [
          el('span', { class: 'opt-name' }, [
            el('span', { class: 'opt-label', text: option.name }),
            option.available ? null : el('span', { class: 'opt-state', text: 'Run out' }),
          ]),
          option.isDefault ? el('span', { class: 'opt-default', text: 'default' }) : null,
          el('span', { class: 'opt-price', text: priceDelta(option.priceDeltaCents, item.currency) }),
          el('button', {
            type: 'button',
            class: option.available ? 'act cancel option-toggle' : 'act primary option-toggle',
            'data-option-id': option.id,
            'data-available': String(!option.available),
            'aria-label': `${option.available ? 'Run out of' : 'Back:'} ${option.name} (${item.name}, ${group.name})`,
            text: option.available ? 'Run out' : 'Back',
          }),
        ]),
      ),
    ),
  ]);
}

function renderGroupForm(group, editing) {
  const field = (label, name, attrs) =>
    el('label', { class: `group-field group-${name}` }, [label, el('input', Object.assign({ name, required: true }, attrs))]);
  return el('form', { class: 'group-form', 'data-group-id': group.id }, [
    field('Name', 'name', { type: 'text', maxLength: 60, value: editing.name }),
    field('Min choices', 'minChoices', { type: 'number', min: 0, max: 20, step: 1, value: editing.minChoices, inputMode: 'numeric' }),
    field('Max choices', 'maxChoices', { type: 'number', min: 1, max: 20, step: 1, value: editing.maxChoices, inputMode: 'numeric' }),
    el('button', { type: 'submit', class: 'primary group-save', text: 'Save' }),
    el('button', { type: 'button', class: 'ghost group-cancel', text: 'Cancel' }),
  ]);
}

/** What is typed in the open group form (and where the cursor is), before the Menu tab is drawn again. */
function rememberGroupForm() {
  const form = document.querySelector('form.group-form');
  if (!form || !menu.editingGroup || form.dataset.groupId !== menu.editingGroup.groupId) return;
  const active = document.activeElement;
  Object.assign(menu.editingGroup, {
    name: form.elements.name.value,
    minChoices: form.elements.minChoices.value,
    maxChoices: form.elements.maxChoices.value,
    focus: active && form.contains(active) && active.name ? active.name : null,
  });
}

function restoreGroupFormFocus() {
  const form = document.querySelector('form.group-form');
  const focus = menu.editingGroup && menu.editingGroup.focus;
  if (form && focus && form.elements[focus]) form.elements[focus].focus();
}

function openGroupForm(groupId) {
  for (const item of menu.items) {
    const group = (item.optionGroups || []).find((g) => g.id === groupId);
    if (!group) continue;
    menu.editingGroup = {
      groupId,
      name: group.name,
      minChoices: String(group.minChoices),
      maxChoices: String(group.maxChoices),
      focus: 'name',
    };
    renderMenu();
    return;
  }
}

async function saveGroup(form) {
  const groupId = form.dataset.groupId;
  const save = form.querySelector('.group-save');
  save.disabled = true;
  const name = form.elements.name.value.trim();
  const minChoices = Number(form.elements.minChoices.value);
  const maxChoices = Number(form.elements.maxChoices.value);
  try {
    const dish = await api(`/dashboard/api/menu-option-groups/${groupId}`, { method: 'PATCH', body: { name, minChoices, maxChoices } });
    const group = dish.optionGroups.find((g) => g.id === groupId);
    menu.editingGroup = null;
    if (group) toast(`${dish.name}: ${group.name} · ${choiceRule(group)}`, 'ok');
    await loadMenu();
  } catch (err) {
    toast(err.message);
    save.disabled = false;
  }
}

function closeGroupForm() {
  menu.editingGroup = null;
  renderMenu();
}

/** Marks a dish (`/menu/:id`) or an option (`/menu-options/:id`) run out or back, then draws the tab again. */
async function toggleAvailable(button, path) {
  button.disabled = true;
  try {
    await api(`/dashboard/api/${path}`, { method: 'PATCH', body: { available: button.dataset.available === 'true' } });
    await loadMenu();
  } catch (err) {
    toast(err.message);
    button.disabled = false;
  }
}

const toggleMenuItem = (button) => toggleAvailable(button, `menu/${button.dataset.menuItemId}`);
const toggleOption = (button) => toggleAvailable(button, `menu-options/${button.dataset.optionId}`);

/** The tab's buttons and form; `onSingleChoiceChange` draws the board again when the capitals of its lines change. */
export function wireMenuPanel(onSingleChoiceChange) {
  menu.onSingleChoiceChange = onSingleChoiceChange;
  const list = $('menu-list');
  list.addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    const toggle = target.closest('button.menu-toggle');
    if (toggle) toggleMenuItem(toggle);
    const optionToggle = target.closest('button.option-toggle');
    if (optionToggle) toggleOption(optionToggle);
    const groupEdit = target.closest('button.group-edit');
    if (groupEdit) openGroupForm(groupEdit.dataset.groupId);
    if (target.closest('button.group-cancel')) closeGroupForm();
  });
  list.addEventListener('submit', (e) => {
    const form = e.target instanceof Element ? e.target.closest('form.group-form') : null;
    if (!form) return;
    e.preventDefault();
    saveGroup(form);
  });
  list.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && menu.editingGroup) closeGroupForm();
  });
}
