import { problemText, readJson } from '../api.js';

function showError(json) {
    document.getElementById('action-errors').textContent = problemText(json);
    window.scrollTo(0, 0);
}
// Forms that post their fields as JSON to the API (the page and the API share one handler).
document.querySelectorAll('form[data-json]').forEach(f => f.addEventListener('submit', async e => {
    e.preventDefault();
    const body = Object.fromEntries(new FormData(f));
    if ('included' in body) body.included = body.included === 'true';
    // An update names the version the page was shown with, so that nobody's change made meanwhile is overwritten.
    const headers = { 'Content-Type': 'application/json' };
    if (f.dataset.version) headers['If-Match'] = f.dataset.version;
    const res = await fetch(f.dataset.json, { method: f.dataset.method || 'POST', headers, body: JSON.stringify(body) });
    if (res.ok) location.reload(); else showError(await readJson(res));
}));
// A finding: upload the evidence files first (content-checked, stored by hash), then record the finding with their hashes.
const findingForm = document.getElementById('add-finding');
if (findingForm) findingForm.addEventListener('submit', async e => {
    e.preventDefault();
    const data = new FormData(findingForm);
    const hashes = [];
    for (const file of findingForm.evidence.files) {
        const up = new FormData(); up.append('file', file);
        const res = await fetch(`${findingForm.dataset.finding}/${data.get('filingId')}/evidence`, { method: 'POST', body: up });
        if (!res.ok) { showError(await readJson(res)); return; }
        hashes.push((await res.json()).sha256);
    }
    const res = await fetch(findingForm.dataset.finding, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ filingId: Number(data.get('filingId')), finding: data.get('finding'), note: data.get('note'), evidence: hashes }) });
    if (res.ok) location.reload(); else showError(await readJson(res));
});
document.querySelectorAll('[data-post]').forEach(b => b.addEventListener('click', async () => {
    const res = await fetch(b.dataset.post, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    if (res.ok) { location.reload(); return; }
    showError(await readJson(res));
}));

// The schedule: every stage whose dates are filled in, sent as the new schedule (a stage left empty is dropped).
const scheduleForm = document.getElementById('schedule-form');
if (scheduleForm) scheduleForm.addEventListener('submit', async e => {
    e.preventDefault();
    const stages = [...scheduleForm.querySelectorAll('tr[data-stage]')]
        .map(tr => ({ stage: tr.dataset.stage, from: tr.querySelector('.from').value, to: tr.querySelector('.to').value }))
        .filter(s => s.from || s.to);
    const res = await fetch(scheduleForm.dataset.schedule, { method: 'PUT', headers: { 'Content-Type': 'application/json', 'If-Match': scheduleForm.dataset.version }, body: JSON.stringify({ stages }) });
    if (res.ok) { location.reload(); return; }
    const json = await readJson(res);
    const items = json && json.errors ? Object.values(json.errors).flat() : [problemText(json)];
    document.getElementById('schedule-errors').replaceChildren(...items.map(t => { const d = document.createElement('div'); d.textContent = t; return d; }));
});
