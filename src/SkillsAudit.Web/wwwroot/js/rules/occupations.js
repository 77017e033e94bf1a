import { problemText, sendJson } from '../api.js';
import { confirmAction } from '../confirm.js';

// 新增职业申请: approve or refuse an application with the note typed in its card. Approving asks first (the button's
// data-confirm says what the filing will show); refusing asks here, once a reason is typed. A refusal by the server is
// said in the card, next to the buttons.
function say(card, text) {
    const box = card.querySelector('.decision-error');
    box.textContent = text;
    box.hidden = !text;
}

async function post(card, url, body) {
    say(card, '');
    const buttons = card.querySelectorAll('button.approve, button.reject');
    buttons.forEach(b => { b.disabled = true; });
    try {
        const { ok, json } = await sendJson(url, body);
        if (ok) { location.reload(); return; }
        say(card, '未办理：' + problemText(json));
    } catch {
        say(card, '未办理：网络连接失败，请稍后重试。');
    }
    buttons.forEach(b => { b.disabled = false; });
}

document.querySelectorAll('#applications .approve').forEach(b => b.addEventListener('click', () => {
    const card = b.closest('.application');
    post(card, `/api/occupation-applications/${card.dataset.id}/approve`, { note: card.querySelector('.note').value });
}));
document.querySelectorAll('#applications .reject').forEach(b => b.addEventListener('click', async () => {
    const card = b.closest('.application');
    const reason = card.querySelector('.note').value.trim();
    if (!reason) { say(card, '请先在左侧输入框填写不予同意的理由。'); card.querySelector('.note').focus(); return; }
    say(card, '');
    if (!await confirmAction({ title: '不予同意新增职业申请', lines: [...b.dataset.rejectConfirm.split('\n'), `理由：${reason}`], ok: '不予同意' })) return;
    post(card, `/api/occupation-applications/${card.dataset.id}/reject`, { reason });
}));
