import { problemText, sendJson } from '../api.js';

// 变更申请: approve or reject a request with the note typed in its row.
async function post(url, body) {
    const { ok, json } = await sendJson(url, body);
    if (ok) location.reload(); else alert(problemText(json));
}
document.querySelectorAll('.approve').forEach(b => b.addEventListener('click', () => { const tr = b.closest('tr'); post(`/api/changes/${tr.dataset.id}/approve`, { note: tr.querySelector('.note').value }); }));
document.querySelectorAll('.reject').forEach(b => b.addEventListener('click', () => { const tr = b.closest('tr'); post(`/api/changes/${tr.dataset.id}/reject`, { reason: tr.querySelector('.note').value }); }));
