import { problemText, sendJson } from '../api.js';

async function post(url, body) {
    const { ok, json } = await sendJson(url, body);
    if (ok) location.reload(); else alert(problemText(json));
}
document.querySelectorAll('.respond').forEach(b => b.addEventListener('click', () => { const tr = b.closest('tr'); post(`/api/reviews/rectifications/${tr.dataset.id}/respond`, { response: tr.querySelector('.response').value }); }));
document.querySelectorAll('.check').forEach(b => b.addEventListener('click', () => { const tr = b.closest('tr'); post(`/api/reviews/rectifications/${tr.dataset.id}/check`, { passed: b.dataset.passed === 'true', note: tr.querySelector('.note').value }); }));
