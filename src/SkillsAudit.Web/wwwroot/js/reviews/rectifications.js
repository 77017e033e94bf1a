import { problemText, sendJson } from '../api.js';
import { confirmAction } from '../confirm.js';

async function post(url, body) {
    const { ok, json } = await sendJson(url, body);
    if (ok) location.reload(); else alert(problemText(json));
}
document.querySelectorAll('.respond').forEach(b => b.addEventListener('click', () => { const tr = b.closest('tr'); post(`/api/reviews/rectifications/${tr.dataset.id}/respond`, { response: tr.querySelector('.response').value }); }));
document.querySelectorAll('.check').forEach(b => b.addEventListener('click', () => { const tr = b.closest('tr'); post(`/api/reviews/rectifications/${tr.dataset.id}/check`, { passed: b.dataset.passed === 'true', note: tr.querySelector('.note').value }); }));
document.querySelectorAll('.decide-follow-up').forEach(b => b.addEventListener('click', async () => {
    const tr = b.closest('tr'), kind = tr.querySelector('.kind');
    const name = kind.options[kind.selectedIndex].text;
    if (!await confirmAction({ title: '整改复查后的决定', lines: [`对该机构作出“${name}”的决定。`], locks: '该决定及随之变更的备案状态（不能撤销）。', ok: '确定作出' })) return;
    b.disabled = true;
    post(`/api/reviews/rectifications/${tr.dataset.id}/follow-up`, { kind: kind.value, reason: tr.querySelector('.reason').value }).finally(() => { b.disabled = false; });
}));
