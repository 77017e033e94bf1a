// The assessment page: the scoring form for every rule kind (count, tier, checklist, yes/no, not applicable, veto,
// points), the running total with answered/unanswered counts, save/submit with confirmation, evidence, finalise, reopen.
// The page's data comes HTML-encoded in the data- attributes of #assessment-data (never raw in a script).
import { problemText, readJson } from '../api.js';
import { confirmAction } from '../confirm.js';

const page = document.getElementById('assessment-data').dataset;
const assessmentId = Number(page.id), mode = page.mode, editable = page.edit === 'true';
let version = Number(page.version);
const original = JSON.parse(page.answers);
const context = JSON.parse(page.context);
const msg = (text, kind) => { const m = document.getElementById('message'); m.className = 'alert alert-' + kind; m.textContent = text; };
const rows = [...document.querySelectorAll('#indicators tr[data-code]')];
const q = (tr, sel) => tr.querySelector(sel);
// Answers typed since the last save: leaving the page (a link, the menu, closing the tab) asks first, so that a sheet of
// 140 indicators is not lost by one click. Cleared by a save, a submit, and before the page reloads itself.
let unsaved = false;
window.addEventListener('beforeunload', e => { if (unsaved) { e.preventDefault(); e.returnValue = ''; } });
const reload = () => { unsaved = false; location.reload(); };
// Submitted: the page becomes what the server draws for a locked sheet (Assessment.cshtml): 已提交并锁定 with the reason,
// and nothing left that can no longer be done (no 保存草稿, 提交, upload or scoring bar; not merely paled).
const lockPage = () => {
    unsaved = false;
    msg('已提交并锁定', 'success');
    ['save', 'submit', 'sheet-upload', 'upload', 'scoring-bar'].forEach(id => document.getElementById(id)?.remove());
    document.querySelectorAll('#indicators input, #indicators select').forEach(x => { x.disabled = true; });
    const why = document.createElement('div');
    why.id = 'locked-reason';
    why.className = 'small text-muted mt-1';
    why.textContent = `${document.getElementById('assessment-data').dataset.mode === 'self' ? '自评表' : '评分表'}已提交，不能再保存、提交或上传；如需修改，须由工作人员重新开放并说明理由。`;
    document.getElementById('message').after(why);
};

// ---- reading and writing one row's answer
function readRow(tr) {
    const el = q(tr, '.answer'); if (!el) return null;
    const na = q(tr, '.na');
    if (na && na.checked) return { notApplicable: true };
    switch (el.dataset.shape) {
        case 'veto': { const r = q(tr, 'input[type=radio]:checked'); return r ? { vetoed: r.value === 'true' } : null; }
        case 'met': { const r = q(tr, 'input[type=radio]:checked'); return r ? { met: r.value === 'true' } : null; }
        case 'tier': return el.value ? { tier: el.value } : null;
        case 'points': return el.value !== '' ? { points: Number(el.value) } : null;
        case 'deficiencies': {
            const counts = [...el.querySelectorAll('.count')];
            if (counts.every(c => c.value === '')) return null;
            if (el.dataset.single === 'true') return { deficiencies: Number(counts[0].value || 0) };
            return { deficiencies: Object.fromEntries(counts.map(c => [c.dataset.key, Number(c.value || 0)])) };
        }
        case 'parts': {
            const boxes = [...el.querySelectorAll('.part')], pts = [...el.querySelectorAll('.part-points')];
            const done = q(tr, '.parts-done').checked || boxes.some(b => b.checked) || pts.some(p => p.value !== '');
            if (!done) return null;
            const parts = {};
            boxes.forEach(b => parts[b.dataset.key] = { met: b.checked });
            pts.forEach(p => parts[p.dataset.key] = { points: Number(p.value || 0) });
            return { parts };
        }
    }
    return null;
}
function writeRow(tr, a) {
    const el = q(tr, '.answer'); if (!el || !a) return;
    if (a.reason) q(tr, '.reason').value = a.reason;
    if (a.notApplicable) { const na = q(tr, '.na'); if (na) na.checked = true; return; }
    switch (el.dataset.shape) {
        case 'veto': if (a.vetoed !== undefined) { const r = q(tr, `input[value="${a.vetoed}"]`); if (r) r.checked = true; } break;
        case 'met': if (a.met !== undefined) { const r = q(tr, `input[value="${a.met}"]`); if (r) r.checked = true; } break;
        case 'tier': if (a.tier) el.value = a.tier; break;
        case 'points': if (a.points !== undefined) el.value = a.points; break;
        case 'deficiencies':
            if (typeof a.deficiencies === 'number') el.querySelector('.count').value = a.deficiencies;
            else if (a.deficiencies) el.querySelectorAll('.count').forEach(c => c.value = a.deficiencies[c.dataset.key] ?? 0);
            break;
        case 'parts':
            if (a.parts) { q(tr, '.parts-done').checked = true;
                el.querySelectorAll('.part').forEach(b => b.checked = !!(a.parts[b.dataset.key] && a.parts[b.dataset.key].met));
                el.querySelectorAll('.part-points').forEach(p => { const x = a.parts[p.dataset.key]; if (x && x.points !== undefined) p.value = x.points; }); }
            break;
    }
    // An answer of another shape (e.g. points from an uploaded sheet) is kept as given until the row is edited.
    if (readRow(tr) === null) { tr.dataset.kept = '1'; q(tr, '.got').textContent = '已作答（其他形式）'; }
}
for (const tr of rows) writeRow(tr, original[tr.dataset.code]);

// What the browser already knows is wrong in a row's number boxes (letters, a negative number, more than the maximum, a
// fraction of a count), for every row at once; those rows are left out of what is sent, so the server checks the others.
function inputErrors() {
    const errs = {};
    for (const tr of rows) {
        if (tr.classList.contains('auto-na') || q(tr, '.na')?.checked) continue;
        for (const input of tr.querySelectorAll('input[type=number]')) {
            const v = input.validity, count = input.classList.contains('count');
            const m = v.badInput ? '请填写数字'
                : v.rangeUnderflow ? (count ? '个数不能为负数' : '得分不能为负数')
                : v.rangeOverflow ? (count ? `个数最多为 ${input.max}` : `得分 ${input.value} 分超过满分 ${input.max} 分`)
                : v.stepMismatch && count ? '个数应为整数' : null;
            if (m) (errs[tr.dataset.code] ??= []).push(`指标 ${tr.dataset.code}：${m}`);
        }
    }
    return errs;
}

// The answers as last saved (at first, as the page was opened): a row whose box holds what cannot be an answer keeps
// this when the rest of the draft is saved, rather than being saved blank.
let lastSaved = { ...original };
function answers(forSave = false) {
    const out = {};
    const wrong = inputErrors();
    for (const tr of rows) {
        if (tr.classList.contains('auto-na')) continue; // not applicable to this body: nothing to answer (see autoNotApplicable)
        if (wrong[tr.dataset.code]) { // refused in the browser (inputErrors); listed with the server's refusals
            if (forSave && lastSaved[tr.dataset.code]) out[tr.dataset.code] = { ...lastSaved[tr.dataset.code] };
            continue;
        }
        const code = tr.dataset.code, reason = q(tr, '.reason').value.trim();
        let a = readRow(tr);
        if (!a && tr.dataset.kept && !tr.dataset.dirty) a = { ...original[code] };
        if (a) { delete a.reason; if (reason) a.reason = reason; out[code] = a; }
    }
    const sheet = { formatVersion: 1, answers: out };
    if (context) sheet.context = context;
    return sheet;
}

// ---- errors: listed at the top, each linking to its row, and shown on the row
function showErrors(json) {
    const list = document.getElementById('error-list'), ul = list.querySelector('ul');
    list.dataset.from = '';
    rows.forEach(tr => { q(tr, '.err').textContent = ''; tr.classList.remove('has-error'); });
    ul.replaceChildren();
    const errors = (json && json.errors) || {};
    const keys = Object.keys(errors);
    if (!keys.length) { msg(problemText(json), 'danger'); list.classList.add('d-none'); return; }
    list.querySelector('details')?.remove();
    // A long list (e.g. 131 unanswered indicators) collapses: the first few, then the rest behind <details>.
    const more = keys.length > 8 ? document.createElement('ul') : null;
    keys.forEach((k, n) => {
        const text = errors[k].join('；');
        const tr = rows.find(r => r.dataset.code === k);
        const li = document.createElement('li');
        if (tr) {
            q(tr, '.err').textContent = text; tr.classList.add('has-error');
            const a = document.createElement('a'); a.href = '#row-' + k; a.textContent = text; li.appendChild(a);
        } else li.textContent = text;
        (more && n >= 5 ? more : ul).appendChild(li);
    });
    if (more) {
        const d = document.createElement('details'); d.id = 'error-more';
        const s = document.createElement('summary'); s.textContent = `另有 ${keys.length - 5} 处（点开查看全部）`;
        more.className = 'mb-0'; d.append(s, more); list.appendChild(d);
    }
    list.classList.remove('d-none');
    msg(`有 ${keys.length} 处需要改正，见下方列表`, 'danger');
    list.focus();
}
function clearErrors() { document.getElementById('error-list').classList.add('d-none'); rows.forEach(tr => { q(tr, '.err').textContent = ''; tr.classList.remove('has-error'); }); }

// An indicator that does not apply to this body (e.g. the oral defence, for a body that assesses no 技师): shown as not
// applicable with the condition, its inputs disabled and nothing sent for it; enabled again if the body's levels change.
function autoNotApplicable(tr, on) {
    if (tr.classList.contains('auto-na') === on) return;
    tr.classList.toggle('auto-na', on);
    tr.querySelectorAll('.answer input, .answer select, input.answer, select.answer, .na, .reason').forEach(x => { x.disabled = on; });
    const na = q(tr, '.na'); if (na) na.checked = on;
    const reason = q(tr, '.reason');
    if (on) { reason.dataset.placeholder = reason.placeholder; reason.placeholder = '本机构不适用，无需填写'; }
    else if (reason.dataset.placeholder !== undefined) reason.placeholder = reason.dataset.placeholder;
}

// ---- running total
let timer = null, lastUnanswered = [], lastReasonsMissing = {}, scoring = 0;
async function rescore() {
    // Only the latest total counts: an earlier one still on its way must not clear or overwrite what came after it
    // (the list of unanswered rows shown by 提交, say).
    const seq = ++scoring;
    const res = await fetch(`/api/reviews/assessments/${assessmentId}/score`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(answers(true)) });
    const json = await readJson(res);
    if (seq !== scoring) return;
    const wrong = inputErrors();
    if (!res.ok) { showErrors(json && json.errors ? { ...json, errors: { ...wrong, ...json.errors } } : json); return; }
    if (Object.keys(wrong).length) showErrors({ errors: wrong }); else clearErrors();
    document.getElementById('total').textContent = json.total;
    document.getElementById('running-total').textContent = json.total;
    document.getElementById('answered-count').textContent = json.answered;
    document.getElementById('unanswered-count').textContent = json.unanswered;
    document.getElementById('total-detail').textContent = `基础分 ${json.baseTotal} + 加分 ${json.bonusTotal} · 已答 ${json.answered} 项，未答 ${json.unanswered} 项` + (json.unanswered ? '（未答按0分计）' : ` · 预计等级 ${json.outcome}`) + (json.vetoed ? '（否决）' : '');
    lastUnanswered = [];
    lastReasonsMissing = json.reasonsMissing || {}; // a deduction or veto without its reason: refused on submit
    for (const i of json.indicators) {
        const tr = rows.find(r => r.dataset.code === i.code); if (!tr) continue;
        // not applicable without the box ticked by the person scoring: the rubric's condition, not an answer
        const ticked = q(tr, '.na')?.checked && !tr.classList.contains('auto-na');
        if (editable) autoNotApplicable(tr, i.status === 'NotApplicable' && !ticked && tr.dataset.applies !== '');
        tr.classList.toggle('unanswered', i.status === 'Unanswered');
        if (i.status === 'Unanswered') lastUnanswered.push(tr);
        if (!tr.dataset.kept || tr.dataset.dirty) q(tr, '.got').textContent = i.status === 'Unanswered' ? '未作答' : i.status === 'NotApplicable' ? (tr.classList.contains('auto-na') ? `不适用（${tr.dataset.applies}）` : '不适用') : `得 ${i.points} 分`;
    }
    for (const s of json.sections) { const el = document.querySelector(`.section-points[data-section="${s.code}"]`); if (el) el.textContent = `得 ${s.points} 分`; }
}

if (editable) {
    const table = document.getElementById('indicators');
    const changed = e => { const tr = e.target.closest('tr[data-code]'); if (tr) tr.dataset.dirty = '1'; unsaved = true; clearTimeout(timer); timer = setTimeout(rescore, 250); };
    table.addEventListener('input', changed);
    table.addEventListener('change', changed);
    document.getElementById('next-unanswered').addEventListener('click', e => {
        e.preventDefault();
        const tr = lastUnanswered[0]; if (!tr) return;
        tr.scrollIntoView({ block: 'center' }); const f = tr.querySelector('input:not([disabled]), select:not([disabled])'); if (f) f.focus();
    });
    const base = `/api/reviews/assessments/${assessmentId}/${mode === 'self' ? 'self' : 'panel'}`;
    let partialNote = null; // what the last save could not keep, said again once the total is recomputed
    const save = async (allowPartial = false) => {
        // The total waiting to be recomputed (the field just left fires its change on the way to this button) would clear
        // what this shows.
        clearTimeout(timer);
        // A number box holding what cannot be an answer (a negative count, letters) does not stop the draft: the other
        // rows are saved, that row keeps its last saved answer and what was typed stays in the box, listed to correct.
        // Submitting still needs every box right (partial: false refuses).
        const wrong = inputErrors();
        const partial = Object.keys(wrong).length > 0;
        if (partial && !allowPartial) { showErrors({ errors: wrong }); return false; }
        // The version this sheet was opened at goes in If-Match (required on updates); a stale one gets 409.
        partialNote = null;
        const sheet = answers(true);
        const res = await fetch(base, { method: 'PUT', headers: { 'Content-Type': 'application/json', 'If-Match': `"${version}"` }, body: JSON.stringify({ answers: sheet, version }) });
        const json = await readJson(res);
        if (res.ok) {
            version = json.version; document.getElementById('version').textContent = version; lastSaved = { ...sheet.answers };
            if (!partial) { unsaved = false; clearErrors(); msg(`已保存（合计 ${json.total} 分）`, 'success'); return true; }
            showErrors({ errors: wrong });
            partialNote = `已保存其余评分（合计 ${json.total} 分）；有 ${Object.keys(wrong).length} 项所填内容无效，这几项未保存（保留上次保存的内容），请按下方列表改正后再保存`;
            msg(partialNote, 'warning');
            return true;
        }
        if (res.status === 409) msg(problemText(json), 'warning'); else showErrors(partial ? { ...json, errors: { ...wrong, ...((json && json.errors) || {}) } } : json);
        return false;
    };
    // Saved: the total is recomputed now, in place of the one the click cancelled (it keeps the list of boxes to correct).
    document.getElementById('save').addEventListener('click', async () => {
        if (!await save(true)) return;
        await rescore();
        if (partialNote) msg(partialNote, 'warning');
    });
    const submit = document.getElementById('submit');
    submit.addEventListener('click', async () => {
        clearTimeout(timer); // recomputed just below; a later recomputation would hide the list of unanswered rows
        const wrong = inputErrors();
        if (Object.keys(wrong).length) { showErrors({ errors: wrong }); return; }
        await rescore();
        if (lastUnanswered.length) {
            showErrors({ errors: Object.fromEntries(lastUnanswered.map(tr => [tr.dataset.code, [`指标 ${tr.dataset.code} 尚未作答`]])) });
            return;
        }
        // Every deduction and veto says why before the dialog says all is in order (the server would refuse the submit).
        if (Object.keys(lastReasonsMissing).length) { showErrors({ errors: lastReasonsMissing }); return; }
        const what = mode === 'self' ? '自评表' : '评分表';
        if (!await confirmAction({ title: mode === 'self' ? '提交自评' : '提交评分', lines: [`${(() => { const na = rows.filter(tr => tr.classList.contains('auto-na')).length; return `适用的 ${rows.length - na} 项指标均已作答` + (na ? `（另有 ${na} 项对本机构不适用）` : ''); })()}，提交后交由${mode === 'self' ? '考核小组评审' : '工作人员确认结果'}。`, '如需修改，须由工作人员重新开放并说明理由。'], locks: `本${what}的全部得分、原因和证明材料（不能再修改或上传）。`, ok: '确定提交' })) return;
        submit.disabled = true;
        if (!await save()) { submit.disabled = false; return; }
        const res = await fetch(base + '/submit', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ version }) });
        const json = await readJson(res);
        if (res.ok) lockPage();
        else { submit.disabled = false; if (res.status === 409) msg(problemText(json), 'warning'); else showErrors(json); }
    });
    rescore();
}

const upload = document.getElementById('upload');
if (upload) upload.addEventListener('submit', async e => {
    e.preventDefault();
    if (!document.getElementById('evidence-file').files.length) { msg('请先选择要上传的证明材料（PDF、PNG 或 JPEG 文件）。', 'danger'); return; }
    const res = await fetch(`/api/reviews/assessments/${assessmentId}/evidence`, { method: 'POST', body: new FormData(upload) });
    const json = await readJson(res);
    if (!res.ok) { showErrors(json); document.getElementById('error-list').dataset.from = 'upload'; return; }
    const li = document.createElement('li');
    const a = document.createElement('a'); a.href = `/api/reviews/evidence/${json.id}`; a.textContent = json.originalName;
    li.append(a, json.indicatorCode ? `（指标 ${json.indicatorCode}）` : '');
    document.getElementById('evidence').appendChild(li);
    const list = document.getElementById('error-list');
    if (list.dataset.from === 'upload') list.classList.add('d-none'); // an earlier refused file no longer stands beside this success
    msg('已上传：' + json.originalName, 'success');
    upload.reset();
});
const fin = document.getElementById('finalise');
if (fin) fin.addEventListener('click', async () => {
    if (!await confirmAction({ title: '确认考核结果', lines: ['按评估表规则汇总各专家评分、确定等级（存在否决情形的取消评价资格），并由您签名。', '确认后机构可以看到考核小组得分与扣分原因；如需修改须重新开放并说明理由。'], locks: '各专家的评分表、考核小组得分与等级。', ok: '确定确认' })) return;
    fin.disabled = true;
    const res = await fetch(`/api/reviews/assessments/${assessmentId}/finalise`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const json = await readJson(res);
    if (!res.ok) { fin.disabled = false; showErrors(json); return; }
    reload();
});
const reopen = document.getElementById('reopen');
if (reopen) reopen.addEventListener('submit', async e => {
    e.preventDefault();
    const f = Object.fromEntries(new FormData(reopen));
    const res = await fetch(`/api/reviews/assessments/${assessmentId}/reopen`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ stage: f.stage, reason: f.reason, until: f.until || null }) });
    if (res.ok) reload(); else showErrors(await readJson(res));
});
const sheetUpload = document.getElementById('sheet-upload');
if (sheetUpload) sheetUpload.addEventListener('submit', async e => {
    e.preventDefault();
    // Nothing chosen: said here, before the dialog that would offer to replace the draft with nothing.
    if (!document.getElementById('sheet-file').files.length) { msg('请先选择填好的评分表（xlsx 文件），再点“上传填好的评分表”。', 'danger'); return; }
    if (!await confirmAction({ title: '上传评分表', lines: ['上传的评分表将替换您在本页的评分草稿（尚未提交）。'], ok: '确定上传' })) return;
    const button = document.getElementById('sheet-upload-button');
    button.disabled = true;
    const res = await fetch(`/api/reviews/assessments/${assessmentId}/sheet`, { method: 'POST', body: new FormData(sheetUpload) });
    const json = await readJson(res);
    button.disabled = false;
    if (!res.ok) { showSheetErrors(json); return; }
    reload();
});
function showSheetErrors(json) {
    const list = document.getElementById('error-list'), ul = list.querySelector('ul');
    ul.replaceChildren();
    const all = Object.values((json && json.errors) || {}).flat();
    if (!all.length) { msg(problemText(json), 'danger'); return; }
    for (const t of all) { const li = document.createElement('li'); li.textContent = t; ul.appendChild(li); }
    list.classList.remove('d-none');
    msg(`评分表有 ${all.length} 处错误，未保存任何内容`, 'danger');
    list.focus();
}
