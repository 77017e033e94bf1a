// 节假日安排: add or change a day, remove one (after the confirmation that confirm.js shows for data-confirm buttons).
import { problemText, readJson, sendJson } from '../api.js';

const box = document.getElementById('calendar-message');
function fail(json) { box.className = 'alert alert-danger'; box.textContent = problemText(json); }

document.getElementById('calendar-day').addEventListener('submit', async e => {
    e.preventDefault();
    const { ok, json } = await sendJson('/api/calendar/days', Object.fromEntries(new FormData(e.target)), 'PUT');
    if (ok) location.reload(); else fail(json);
});
document.querySelectorAll('button.remove').forEach(b => b.addEventListener('click', async () => {
    const res = await fetch(`/api/calendar/days/${b.dataset.date}`, { method: 'DELETE' });
    if (res.ok) location.reload(); else fail(await readJson(res));
}));
