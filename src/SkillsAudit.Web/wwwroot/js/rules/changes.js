import { problemText, sendJson } from '../api.js';
import { confirmAction } from '../confirm.js';

// 变更申请: approve or reject a request with the note typed in its row. Approving asks first (the button's data-confirm,
// which says what the registry will show); refusing asks here, once a reason is typed. A refusal by the server is said
// in the row, next to the buttons.
function say(tr, text) {
    const box = tr.querySelector('.decision-error');
    box.textContent = text;
    box.hidden = !text;
}

async function post(tr, url, body) {
    say(tr, '');
    const buttons = tr.querySelectorAll('button.approve, button.reject');
    buttons.forEach(b => { b.disabled = true; });
    try {
        const { ok, json } = await sendJson(url, body);
        if (ok) { location.reload(); return; }
        say(tr, '未办理：' + problemText(json));
    } catch {
        say(tr, '未办理：网络连接失败，请稍后重试。');
    }
    buttons.forEach(b => { b.disabled = false; });
}

document.querySelectorAll('#changes .approve').forEach(b => b.addEventListener('click', () => {
    const tr = b.closest('tr');
    post(tr, `/api/changes/${tr.dataset.id}/approve`, { note: tr.querySelector('.note').value });
}));
document.querySelectorAll('#changes .reject').forEach(b => b.addEventListener('click', async () => {
    const tr = b.closest('tr');
    const reason = tr.querySelector('.note').value.trim();
    if (!reason) { say(tr, '请先在左侧输入框填写不予同意的理由。'); tr.querySelector('.note').focus(); return; }
    say(tr, '');
    if (!await confirmAction({ title: '不予同意变更申请', lines: [...b.dataset.rejectConfirm.split('\n'), `理由：${reason}`], ok: '不予同意' })) return;
    post(tr, `/api/changes/${tr.dataset.id}/reject`, { reason });
}));
