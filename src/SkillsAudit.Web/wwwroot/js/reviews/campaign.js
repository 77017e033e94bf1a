import { problemText, readJson, showFieldErrors } from '../api.js';
import { confirmAction } from '../confirm.js';

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
    if (res.ok) { location.reload(); return; }
    // A refusal naming a field of the form (成员用户名 unknown, …) is said at that field, with what was typed kept.
    const rest = showFieldErrors(f, await readJson(res));
    if (rest.length > 0) { document.getElementById('action-errors').textContent = rest.join('；'); window.scrollTo(0, 0); }
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

// The schedule: every stage whose dates are filled in, sent as the new schedule (a stage left empty is dropped). Once the
// campaign is issued, a change reaches every body's deadline: the officer sees each change first, and confirms it.
const scheduleForm = document.getElementById('schedule-form');
const day = t => t ? Date.parse(t + 'T00:00:00Z') / 86400000 : null;
function scheduleChanges() {
    const lines = [];
    let shortened = false;
    for (const tr of scheduleForm.querySelectorAll('tr[data-stage]')) {
        const name = tr.dataset.name, was = { from: tr.dataset.from || '', to: tr.dataset.to || '' };
        const now = { from: tr.querySelector('.from').value, to: tr.querySelector('.to').value };
        if (was.from === now.from && was.to === now.to) continue;
        if (!now.from && !now.to) { lines.push(`${name}：取消（原 ${was.from} 至 ${was.to}）`); continue; }
        if (!was.from && !was.to) { lines.push(`${name}：新增 ${now.from || '？'} 至 ${now.to || '？'}`); continue; }
        const parts = [];
        if (was.from !== now.from) parts.push(`开始 ${was.from} → ${now.from || '（空）'}`);
        if (was.to !== now.to) {
            const moved = day(now.to) !== null && day(was.to) !== null ? day(now.to) - day(was.to) : null;
            if (moved !== null && moved < 0) shortened = true;
            parts.push(`截止 ${was.to} → ${now.to || '（空）'}` + (moved === null || moved === 0 ? '' : moved < 0 ? `（提前 ${-moved} 天）` : `（延后 ${moved} 天）`));
        }
        lines.push(`${name}：${parts.join('，')}`);
    }
    return { lines, shortened };
}
const saved = sessionStorage.getItem('campaign-schedule-saved');
if (saved && scheduleForm) {
    sessionStorage.removeItem('campaign-schedule-saved');
    const ok = document.getElementById('schedule-saved');
    ok.textContent = saved; ok.classList.remove('d-none');
}
if (scheduleForm) scheduleForm.addEventListener('submit', async e => {
    e.preventDefault();
    const errors = document.getElementById('schedule-errors');
    errors.replaceChildren();
    const { lines, shortened } = scheduleChanges();
    if (!lines.length) { errors.replaceChildren(Object.assign(document.createElement('div'), { textContent: '日程没有改动。' })); return; }
    if (scheduleForm.dataset.open === 'true') {
        const pending = Number(scheduleForm.dataset.pending || 0);
        const warn = shortened ? [`截止日期提前：尚未提交的机构（${pending} 个）可用的时间随之缩短；改后即生效，各机构待办事项中的截止日期随之更新。`] : [];
        if (!await confirmAction({ title: '修改考核日程', lines: [...lines, ...warn, '考核已印发，改动对所有考核对象生效。'], ok: '确定修改' })) return;
    }
    const stages = [...scheduleForm.querySelectorAll('tr[data-stage]')]
        .map(tr => ({ stage: tr.dataset.stage, from: tr.querySelector('.from').value, to: tr.querySelector('.to').value }))
        .filter(s => s.from || s.to);
    const res = await fetch(scheduleForm.dataset.schedule, { method: 'PUT', headers: { 'Content-Type': 'application/json', 'If-Match': scheduleForm.dataset.version }, body: JSON.stringify({ stages }) });
    if (res.ok) { sessionStorage.setItem('campaign-schedule-saved', '日程已保存：' + lines.join('；')); location.reload(); return; }
    const json = await readJson(res);
    const items = json && json.errors ? Object.values(json.errors).flat() : [problemText(json)];
    errors.replaceChildren(...items.map(t => { const d = document.createElement('div'); d.textContent = t; return d; }));
});
