// 评估意见: select bodies, confirm the proposals or choose another decision with a reason, one request for all of them.
import { problemText, sendJson } from '../api.js';
import { confirmAction } from '../confirm.js';

const campaign = document.getElementById('decisions-data').dataset.campaign;
const rows = [...document.querySelectorAll('#proposals tr[data-filing]')];
const picks = () => rows.filter(tr => tr.querySelector('.pick')?.checked);
const selected = document.getElementById('selected-count'), decideSelected = document.getElementById('decide-selected'), decideAll = document.getElementById('decide-all');
const outcome = document.getElementById('outcome'), progress = document.getElementById('progress');
let running = false;

function refresh() {
    const n = picks().length;
    selected.textContent = n;
    decideSelected.disabled = running || n === 0;
}
document.getElementById('proposals').addEventListener('change', e => {
    if (e.target.classList.contains('override')) { const tr = e.target.closest('tr'); const pick = tr.querySelector('.pick'); if (pick && e.target.value) pick.checked = true; }
    refresh();
});
document.getElementById('select-all').addEventListener('change', e => { rows.forEach(tr => { const p = tr.querySelector('.pick'); if (p && !tr.hidden) p.checked = e.target.checked; }); refresh(); });
document.getElementById('filter').addEventListener('input', e => { const t = e.target.value.trim(); rows.forEach(tr => tr.hidden = t !== '' && !tr.dataset.name.includes(t)); });

function choices(trs) {
    return trs.map(tr => ({ tr, kind: tr.querySelector('.override')?.value || '', reason: tr.querySelector('.override-reason')?.value.trim() || '' }))
        .filter(x => x.kind).map(x => ({ tr: x.tr, filingId: Number(x.tr.dataset.filing), kind: x.kind, reason: x.reason, name: x.tr.dataset.name, label: x.tr.querySelector('.override').selectedOptions[0].text }));
}
// A body's 改定理由 box marked as refused, with the message under it; cleared when the officer types there or tries again.
function mark(tr, text) {
    const input = tr.querySelector('.override-reason');
    input.classList.add('is-invalid'); input.setAttribute('aria-invalid', 'true');
    const note = document.createElement('div'); note.className = 'invalid-feedback field-error'; note.textContent = text;
    input.insertAdjacentElement('afterend', note);
}
function clearMarks() {
    document.querySelectorAll('#proposals .override-reason.is-invalid').forEach(x => { x.classList.remove('is-invalid'); x.removeAttribute('aria-invalid'); });
    document.querySelectorAll('#proposals .field-error').forEach(x => x.remove());
}
document.getElementById('proposals').addEventListener('input', e => {
    if (!e.target.classList.contains('override-reason') || !e.target.value.trim()) return;
    e.target.classList.remove('is-invalid'); e.target.removeAttribute('aria-invalid'); e.target.nextElementSibling?.classList.contains('field-error') && e.target.nextElementSibling.remove();
});

async function decide(all) {
    if (running) return;
    const trs = all ? rows.filter(tr => tr.querySelector('.pick')) : picks();
    const overrides = choices(trs);
    const missing = overrides.filter(o => !o.reason);
    clearMarks();
    if (missing.length) {
        // said at each 改定理由 box that is empty (outlined, the message under it, the first focused), not only at the top
        missing.forEach(o => mark(o.tr, `改为“${o.label}”须说明理由`));
        show('danger', '改为其他意见须说明理由：' + missing.map(o => o.name).join('、'));
        missing[0].tr.querySelector('.override-reason').focus();
        return;
    }
    const date = document.getElementById('decided-on').value;
    const lines = [`将对 ${trs.length} 个机构作出评估意见（决定日期 ${date}）`];
    if (overrides.length) lines.push('其中改定：' + overrides.map(o => `${o.name} → ${o.label}`).join('；'));
    if (all) lines.push('尚未完成评审的机构将跳过并列出。');
    if (!await confirmAction({ title: '作出评估意见', lines, locks: '所作出的评估意见（不能撤销）；终止备案、暂停评价活动的备案状态随之变更，需整改的下达两个月整改期限。', ok: '确定作出' })) return;
    running = true; decideAll.disabled = true; decideSelected.disabled = true;
    progress.textContent = `正在作出 ${trs.length} 项评估意见，请稍候…`; progress.classList.remove('d-none');
    const body = { decidedOn: date || null, choices: overrides.map(({ filingId, kind, reason }) => ({ filingId, kind, reason })) };
    if (!all) body.filingIds = trs.map(tr => Number(tr.dataset.filing));
    const { ok, json } = await sendJson(`/api/reviews/campaigns/${campaign}/decisions`, body);
    progress.classList.add('d-none');
    if (!ok) {
        running = false; decideAll.disabled = false; refresh();
        const all = Object.values((json && json.errors) || {}).flat();
        if (all.length <= 5) { show('danger', problemText(json)); return; }
        show('danger', `有 ${all.length} 处问题，未作出任何评估意见。`);
        details('problems', `查看全部 ${all.length} 处问题`, all);
        return;
    }
    const skipped = json.skipped.map(s => `${s.bodyName}（${s.reason}）`);
    show('success', `已作出 ${json.decided.length} 项评估意见。` + (skipped.length ? `跳过 ${skipped.length} 个尚未完成评审的机构（见下方列表）。` : ''));
    if (skipped.length) details('skipped', `跳过的 ${skipped.length} 个机构`, skipped);
    setTimeout(() => location.reload(), skipped.length ? 6000 : 1500);
}
// A long list collapses behind <details> under the summary line.
function details(id, summary, items) {
    const d = document.createElement('details'); d.id = id;
    const s = document.createElement('summary'); s.textContent = summary;
    const ul = document.createElement('ul'); ul.className = 'small mb-0';
    items.forEach(t => { const li = document.createElement('li'); li.textContent = t; ul.appendChild(li); });
    d.append(s, ul); outcome.appendChild(d);
}
function show(kind, text) { outcome.className = 'alert alert-' + kind; outcome.textContent = text; outcome.scrollIntoView({ block: 'nearest' }); }
decideSelected.addEventListener('click', () => decide(false));
decideAll.addEventListener('click', () => decide(true));
refresh();
