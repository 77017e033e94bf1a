// The assessment page: live scoring, save/submit of a sheet, evidence upload, finalise and reopen.
// The page's data comes HTML-encoded in the data- attributes of #assessment-data (never raw in a script).
const page = document.getElementById('assessment-data').dataset;
const assessmentId = Number(page.id), mode = page.mode, editable = page.edit === 'true';
let version = Number(page.version);
const original = JSON.parse(page.answers);
const context = JSON.parse(page.context);
const msg = (text, kind) => { const m = document.getElementById('message'); m.className = 'alert alert-' + kind; m.textContent = text; };
const rows = [...document.querySelectorAll('#indicators tr[data-code]')];
// Prefill from the saved sheet (answers in other shapes, e.g. from an answers file, are kept unless the row is edited).
for (const tr of rows) {
    const a = original[tr.dataset.code]; if (!a) continue;
    if (a.points !== undefined) tr.querySelector('.points').value = a.points;
    if (a.notApplicable) tr.querySelector('.na').checked = true;
    if (a.vetoed) tr.querySelector('.veto').checked = true;
    if (a.reason) tr.querySelector('.reason').value = a.reason;
    if (a.points === undefined && !a.notApplicable && a.vetoed === undefined) tr.querySelector('.got').textContent = '已作答：' + JSON.stringify(a);
}
function answers() {
    const out = {};
    for (const tr of rows) {
        const code = tr.dataset.code, reason = tr.querySelector('.reason').value.trim();
        const veto = tr.querySelector('.veto'), na = tr.querySelector('.na'), pts = tr.querySelector('.points');
        let a = null;
        if (veto) { if (veto.checked) a = { vetoed: true }; }
        else if (na && na.checked) a = { notApplicable: true };
        else if (pts && pts.value !== '') a = { points: parseFloat(pts.value) };
        else if (original[code] && !tr.dataset.dirty) a = original[code];
        if (a) { if (reason) a.reason = reason; out[code] = a; }
    }
    const sheet = { formatVersion: 1, answers: out };
    if (context) sheet.context = context;
    return sheet;
}
function showErrors(json) {
    rows.forEach(tr => tr.querySelector('.err').textContent = '');
    const errors = json.errors || {};
    const general = [];
    for (const [k, v] of Object.entries(errors)) {
        const tr = rows.find(r => r.dataset.code === k);
        if (tr) tr.querySelector('.err').textContent = v.join('；'); else general.push(v.join('；'));
    }
    if (general.length || !Object.keys(errors).length) msg(general.join('；') || json.detail || '出错了', 'danger');
    else msg('有指标填写有误，见表中红字', 'danger');
}
let timer = null;
async function rescore() {
    const res = await fetch(`/api/reviews/assessments/${assessmentId}/score`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(answers()) });
    const json = await res.json();
    if (!res.ok) { showErrors(json); return; }
    rows.forEach(tr => tr.querySelector('.err').textContent = '');
    document.getElementById('total').textContent = json.total;
    document.getElementById('total-detail').textContent = `基础分 ${json.baseTotal} + 加分 ${json.bonusTotal} · 预计等级 ${json.outcome}${json.vetoed ? '（否决）' : ''}`;
    for (const s of json.sections) { const el = document.querySelector(`.section-points[data-section="${s.code}"]`); if (el) el.textContent = `得 ${s.points} 分`; }
}
if (editable) {
    document.getElementById('indicators').addEventListener('input', e => { const tr = e.target.closest('tr[data-code]'); if (tr) tr.dataset.dirty = '1'; clearTimeout(timer); timer = setTimeout(rescore, 250); });
    const base = `/api/reviews/assessments/${assessmentId}/${mode === 'self' ? 'self' : 'panel'}`;
    document.getElementById('save').addEventListener('click', async () => {
        const res = await fetch(base, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ answers: answers(), version }) });
        const json = await res.json();
        if (res.ok) { version = json.version; document.getElementById('version').textContent = version; msg(`已保存（合计 ${json.total} 分）`, 'success'); }
        else if (res.status === 409) msg(json.detail, 'warning');
        else showErrors(json);
    });
    document.getElementById('submit').addEventListener('click', async () => {
        const res = await fetch(base + '/submit', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ version }) });
        const json = await res.json();
        if (res.ok) { msg('已提交并锁定', 'success'); document.querySelectorAll('#indicators input, #save, #submit').forEach(x => x.disabled = true); }
        else if (res.status === 409) msg(json.detail, 'warning');
        else showErrors(json);
    });
    rescore();
}
const upload = document.getElementById('upload');
if (upload) upload.addEventListener('submit', async e => {
    e.preventDefault();
    const res = await fetch(`/api/reviews/assessments/${assessmentId}/evidence`, { method: 'POST', body: new FormData(upload) });
    const json = await res.json();
    if (!res.ok) { showErrors(json); return; }
    const li = document.createElement('li');
    li.innerHTML = `<a href="/api/reviews/evidence/${json.id}"></a> ${json.indicatorCode ? '（指标 ' + json.indicatorCode + '）' : ''}`;
    li.querySelector('a').textContent = json.originalName;
    document.getElementById('evidence').appendChild(li);
    msg('已上传：' + json.originalName, 'success');
    upload.reset();
});
const fin = document.getElementById('finalise');
if (fin) fin.addEventListener('click', async () => {
    const res = await fetch(`/api/reviews/assessments/${assessmentId}/finalise`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const json = await res.json();
    if (!res.ok) { showErrors(json); return; }
    document.getElementById('panel-total').textContent = json.panelTotal + ' ';
    const o = document.createElement('span'); o.id = 'outcome'; o.textContent = json.outcome; document.getElementById('panel-total').appendChild(o);
    document.getElementById('finalised').textContent = `${json.finalisedBy} 已确认并锁定`;
    fin.disabled = true;
    msg('结果已确认：' + json.outcome, 'success');
});
const reopen = document.getElementById('reopen');
if (reopen) reopen.addEventListener('submit', async e => {
    e.preventDefault();
    const f = Object.fromEntries(new FormData(reopen));
    const res = await fetch(`/api/reviews/assessments/${assessmentId}/reopen`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ stage: f.stage, reason: f.reason, until: f.until || null }) });
    if (res.ok) location.reload(); else showErrors(await res.json());
});
