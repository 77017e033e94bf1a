import { problemText, readJson, sendJson } from '../api.js';
import { confirmAction } from '../confirm.js';

// A refusal is said in its own row, where the field is (not in a browser alert box).
function showError(tr, text) {
    let el = tr.querySelector('.row-error');
    if (!el) { el = document.createElement('div'); el.className = 'row-error small text-danger mt-1'; el.setAttribute('role', 'alert'); tr.lastElementChild.appendChild(el); }
    el.textContent = text;
}
function clearError(tr) { tr.querySelector('.row-error')?.remove(); }
async function post(tr, url, body) {
    const { ok, json } = await sendJson(url, body);
    if (ok) location.reload(); else showError(tr, problemText(json));
}
// The body's response: the chosen files are uploaded one by one (progress beside the button), then the response is sent
// naming them with the files already attached. A refused file stops there, says which, and keeps what was typed.
document.querySelectorAll('.respond').forEach(b => b.addEventListener('click', async () => {
    const tr = b.closest('tr'), text = tr.querySelector('.response'), progress = tr.querySelector('.upload-progress');
    if (!text.value.trim()) { showError(tr, '须填写整改情况'); text.focus(); return; }
    clearError(tr);
    if (tr.dataset.state === 'Responded' && !await confirmAction({ title: '重新提交整改情况', lines: ['新填写的整改情况将替换已提交的内容；已附的证明材料保留，新选的文件一并附上。'], ok: '确定重新提交' })) return;
    b.disabled = true;
    const evidence = JSON.parse(tr.dataset.hashes || '[]');
    const files = [...tr.querySelector('.files').files];
    for (const [i, file] of files.entries()) {
        progress.textContent = `正在上传证明材料 ${i + 1}/${files.length}：${file.name}`;
        const form = new FormData(); form.append('file', file);
        const res = await fetch(`/api/reviews/rectifications/${tr.dataset.id}/evidence`, { method: 'POST', body: form });
        const json = await readJson(res);
        if (!res.ok) { progress.textContent = ''; showError(tr, `“${file.name}”未能上传：${problemText(json)}`); b.disabled = false; return; }
        if (!evidence.includes(json.sha256)) evidence.push(json.sha256);
    }
    progress.textContent = files.length ? '材料已上传，正在提交…' : '';
    await post(tr, `/api/reviews/rectifications/${tr.dataset.id}/respond`, { response: text.value, evidence });
    progress.textContent = '';
    b.disabled = false;
}));
document.querySelectorAll('.check').forEach(b => b.addEventListener('click', async () => {
    const tr = b.closest('tr'), passed = b.dataset.passed === 'true', note = tr.querySelector('.note').value;
    if (!note.trim()) { showError(tr, '须填写复查意见'); tr.querySelector('.note').focus(); return; }
    if (!await confirmAction(passed
        ? { title: '整改复查：通过', lines: [`复查意见：${note.trim()}`, '复查通过后，可再作出复查后的决定。'], locks: '复查结论“通过”（不能撤销）。', ok: '确定通过' }
        : { title: '整改复查：不通过', lines: [`复查意见：${note.trim()}`, '复查不通过后，可再作出复查后的决定（如暂停或终止备案）。'], locks: '复查结论“不通过”（不能撤销）。', ok: '确定不通过' })) return;
    b.disabled = true;
    await post(tr, `/api/reviews/rectifications/${tr.dataset.id}/check`, { passed, note });
    b.disabled = false;
}));
document.querySelectorAll('.decide-follow-up').forEach(b => b.addEventListener('click', async () => {
    const tr = b.closest('tr'), kind = tr.querySelector('.kind');
    const name = kind.options[kind.selectedIndex].text;
    if (!await confirmAction({ title: '整改复查后的决定', lines: [`对该机构作出“${name}”的决定。`], locks: '该决定及随之变更的备案状态（不能撤销）。', ok: '确定作出' })) return;
    b.disabled = true;
    await post(tr, `/api/reviews/rectifications/${tr.dataset.id}/follow-up`, { kind: kind.value, reason: tr.querySelector('.reason').value });
    b.disabled = false;
}));
