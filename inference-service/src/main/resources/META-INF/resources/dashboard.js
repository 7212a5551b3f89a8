// Renders GET /v1/dashboard: plain DOM, no libraries, nothing fetched from elsewhere.
'use strict';

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([key, value]) => {
    if (key === 'className') node.className = value;
    else if (key === 'style') node.setAttribute('style', value);
    else node.setAttribute(key, value);
  });
  children.flat().forEach(child => node.append(child instanceof Node ? child : String(child ?? '')));
  return node;
}

function fill(id, ...children) {
  const node = document.getElementById(id);
  node.replaceChildren(...children.flat());
  return node;
}

function text(id, value) {
  document.getElementById(id).textContent = value;
}

const fixed = (value, digits) => value === null || value === undefined ? '–' : Number(value).toFixed(digits);
const percent = value => value === null || value === undefined ? '–' : (100 * value).toFixed(1) + '%';

function renderProgress(stages) {
  fill('progress', stages.map(stage => {
    const share = stage.total > 0 ? Math.min(1, stage.done / stage.total) : 0;
    return el('li', { className: share >= 1 ? 'stage done' : 'stage', 'data-stage': stage.stage },
      el('b', {}, stage.stage), ' ', `${stage.done}/${stage.total}`,
      el('div', { className: 'muted' }, stage.detail),
      el('div', { className: 'bar' }, el('span', { style: `width:${(100 * share).toFixed(0)}%` })));
  }));
}

function renderDatasets(datasets) {
  const header = el('tr', {}, ['dataset', 'revision', 'labels', 'train', 'validation', 'test', 'gradients']
    .map(name => el('th', {}, name)));
  fill('datasets', header, datasets.map(d => el('tr', { 'data-dataset': d.id },
    el('td', {}, d.id), el('td', {}, d.revision), el('td', {}, d.labels.length),
    el('td', {}, d.train), el('td', {}, d.validation), el('td', {}, d.test),
    el('td', {}, d.gradients ? `${d.gradients.examples} examples` : 'pending'))));
}

// Blue for negative affinity, red for positive, scaled by the largest magnitude off the diagonal.
function heatColour(value, scale) {
  const t = scale > 0 ? Math.max(-1, Math.min(1, value / scale)) : 0;
  const strength = Math.round(255 - 170 * Math.abs(t));
  return t >= 0 ? `rgb(255,${strength},${strength})` : `rgb(${strength},${strength},255)`;
}

function renderAffinity(affinity) {
  if (!affinity) {
    text('affinity-meta', 'No affinity matrix yet.');
    fill('heatmap');
    return;
  }
  text('affinity-meta', `version ${affinity.version}, ${affinity.subsets} subsets, metric ${affinity.metric}` +
    ' (row: the task helped; column: the task it trains with)');
  let scale = 0;
  affinity.matrix.forEach((row, i) => row.forEach((v, j) => { if (i !== j) scale = Math.max(scale, Math.abs(v)); }));
  const header = el('tr', {}, el('th', {}, ''), affinity.tasks.map(task => el('th', { className: 'col' }, task)));
  fill('heatmap', header, affinity.matrix.map((row, i) => el('tr', {},
    el('th', {}, affinity.tasks[i]),
    row.map((value, j) => el('td', {
      'data-row': affinity.tasks[i], 'data-col': affinity.tasks[j],
      style: `background:${heatColour(value, scale)}`, title: `${affinity.tasks[i]} ← ${affinity.tasks[j]}`
    }, fixed(value, 2))))));
}

function renderGrouping(grouping) {
  if (!grouping) {
    text('grouping-meta', 'No grouping yet.');
    fill('groups');
    return;
  }
  text('grouping-meta', `version ${grouping.version} (affinity v${grouping.affinityVersion}), ${grouping.method},` +
    ` objective ${fixed(grouping.objective, 3)}`);
  fill('groups', grouping.groups.map(group => el('li', { 'data-group': group.groupId },
    el('b', {}, group.groupId), group.tasks.join(', '))));
}

function renderEnsemble(ensemble) {
  const error = document.getElementById('load-error');
  if (!ensemble) {
    text('ensemble-meta', 'No ensemble published yet.');
    error.hidden = true;
    fill('adapters');
    fill('weights');
    return;
  }
  const serving = ensemble.servingVersion === null ? 'nothing serving' : `version ${ensemble.servingVersion} serving`;
  const published = ensemble.publishedVersion === null ? '' : `, newest published ${ensemble.publishedVersion}`;
  // the θ* its adapters start from, and how much of the data it had not seen when the version was built (ADR 0110)
  const start = !ensemble.start ? '' : `; adapters start from θ* ${ensemble.start.adapterId} (trained on `
    + `${ensemble.start.datasets.length} datasets; unseen when built ${percent(ensemble.start.unseenShare)}, `
    + (ensemble.start.retrainShare > 0 ? `retrained at ${percent(ensemble.start.retrainShare)})` : 'never retrained)');
  text('ensemble-meta', `${serving}${published}; base model ${ensemble.baseModelId ?? '–'}${start}`);
  error.hidden = !ensemble.loadError;
  error.textContent = ensemble.loadError ? `Loading version ${ensemble.loadError.version} failed: ${ensemble.loadError.message}` : '';

  const adapterIds = ensemble.adapters.map(a => a.adapterId);
  // a task's probe member (ADR 0124) has a column of its own, after the adapters
  const memberIds = ensemble.tasks.some(t => t.weights['linear-probe'] !== undefined)
    ? [...adapterIds, 'linear-probe'] : adapterIds;
  fill('adapters', el('tr', {}, ['adapter', 'kind', 'group', 'tasks', 'metrics'].map(h => el('th', {}, h))),
    ensemble.adapters.map(a => el('tr', { 'data-adapter': a.adapterId },
      el('td', {}, a.adapterId), el('td', {}, a.kind.toLowerCase()), el('td', {}, a.groupId ?? '–'),
      el('td', {}, a.tasks.join(', ')),
      el('td', {}, Object.entries(a.metrics).map(([k, v]) => `${k} ${fixed(v, 3)}`).join(', ')))));
  fill('weights', el('tr', {}, el('th', {}, 'task'), memberIds.map(id => el('th', {}, id)),
    el('th', {}, 'validation accuracy'), el('th', {}, 'test accuracy')),
    ensemble.tasks.map(t => el('tr', { 'data-task': t.task },
      el('td', {}, t.task),
      memberIds.map(id => el('td', { 'data-weight': id }, t.weights[id] === undefined ? '–' : fixed(t.weights[id], 2))),
      el('td', { className: 'accuracy' }, percent(t.validationAccuracy)),
      el('td', {}, percent(t.testAccuracy)))));
}

// Every API call needs a credential (docs/security.md): the key is asked for once and kept for this tab only.
function askForKey(message) {
  document.getElementById('key-form').hidden = false;
  text('status', message);
}

document.getElementById('key-form').addEventListener('submit', event => {
  event.preventDefault();
  sessionStorage.setItem('ensemble-api-key', document.getElementById('key').value.trim());
  document.getElementById('key-form').hidden = true;
  refresh();
});

// A link may carry the key in its fragment (never sent to a server): http://host:8080/#key=...
const fragmentKey = new URLSearchParams(location.hash.slice(1)).get('key');
if (fragmentKey) {
  sessionStorage.setItem('ensemble-api-key', fragmentKey);
  history.replaceState(null, '', location.pathname);
}

async function refresh() {
  const key = sessionStorage.getItem('ensemble-api-key');
  if (!key) {
    askForKey('enter the API key to see the pipeline');
    return;
  }
  try {
    const response = await fetch('v1/dashboard',
      { headers: { Accept: 'application/json', Authorization: `Bearer ${key}` } });
    if (response.status === 401 || response.status === 403) {
      sessionStorage.removeItem('ensemble-api-key');
      askForKey(`the service refused the key (HTTP ${response.status}): enter it again`);
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const data = await response.json();
    renderProgress(data.progress);
    renderDatasets(data.datasets);
    renderAffinity(data.affinity);
    renderGrouping(data.grouping);
    renderEnsemble(data.ensemble);
    text('status', `updated ${new Date().toLocaleTimeString()}`);
  } catch (e) {
    text('status', `cannot reach the service: ${e.message}`);
  }
}

refresh();
setInterval(refresh, 5000);
