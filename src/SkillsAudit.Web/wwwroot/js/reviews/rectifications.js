import { problemText, sendJson } from '../api.js';

async function post(url, body) {
    const { ok, json } = await sendJson(url, body);
    if (ok) location.reload(); else alert(problemText(json));
}
document.querySelectorAll('.respond').forEach(b => b.addEventListener('click', () => { const tr = b.closest('tr'); post(`/api/reviews/rectifications/${tr.dataset.id}/respond`, { response: tr.querySelector('.response').value }); }));
document.querySelectorAll('.check').forEach(b => b.addEventListener('click', () => { const tr = b.closest('tr'); post(`/api/reviews/rectifications/${tr.dataset.id}/check`, { passed: b.dataset.passed === 'true', note: tr.querySelector('.note').value }); }));
document.querySelectorAll('.decide-follow-up').forEach(b => b.addEventListener('click', () => {
    const tr = b.closest('tr'), kind = tr.querySelector('.kind');
    const name = kind.options[kind.selectedIndex].text;
    if (!confirm(`对该机构作出“${name}”的决定？决定作出后即生效并记入备案状态，不能撤销。`)) return;
    b.disabled = true;
    post(`/api/reviews/rectifications/${tr.dataset.id}/follow-up`, { kind: kind.value, reason: tr.querySelector('.reason').value }).finally(() => { b.disabled = false; });
}));
