// 节假日安排: add or change a day, remove one (after the confirmation that confirm.js shows for data-confirm buttons).
import { problemText, readJson } from '../api.js';

const box = document.getElementById('calendar-message');
function fail(json) { box.className = 'alert alert-danger'; box.textContent = problemText(json); }

document.getElementById('calendar-day').addEventListener('submit', async e => {
    e.preventDefault();
    const body = Object.fromEntries(new FormData(e.target));
    // Updates name the version they were made from (If-Match): that of the day's year.
    const year = (body.date || '').slice(0, 4);
    const current = /^\d{4}$/.test(year) ? await fetch(`/api/calendar/${year}`) : null;
    const headers = { 'Content-Type': 'application/json' };
    const etag = current && current.ok ? current.headers.get('ETag') : null;
    if (etag) headers['If-Match'] = etag;
    const res = await fetch('/api/calendar/days', { method: 'PUT', headers, body: JSON.stringify(body) });
    if (res.ok) location.reload(); else fail(await readJson(res));
});
document.querySelectorAll('button.remove').forEach(b => b.addEventListener('click', async () => {
    const res = await fetch(`/api/calendar/days/${b.dataset.date}`, { method: 'DELETE' });
    if (res.ok) location.reload(); else fail(await readJson(res));
}));
