// 复核申请: the officer's answer (keep the result, or reopen the panel review) after a confirmation; the body's request
// from its assessment page (form#review-request).
import { problemText, sendJson } from '../api.js';
import { confirmAction } from '../confirm.js';

function show(box, kind, text) { box.className = 'alert alert-' + kind; box.textContent = text; }

document.querySelectorAll('form.answer').forEach(f => f.addEventListener('submit', async e => {
    e.preventDefault();
    const reopen = e.submitter?.value === 'true';
    const answer = f.answer.value.trim();
    const box = document.getElementById('requests-message');
    if (!answer) { show(box, 'danger', '请填写答复意见'); f.answer.focus(); return; }
    const ok = await confirmAction(reopen
        ? { title: '答复：重新评审', lines: ['将重新开放该机构的考核小组评审（7 天），答复意见作为理由记录在案。', '专家重新评分、工作人员重新确认后，结果才改变。'], locks: '本答复（不能再改）。', ok: '确定重新评审' }
        : { title: '答复：维持原结果', lines: ['维持原考核结果，复核申请办结。'], locks: '本答复（不能再改）。', ok: '确定答复' });
    if (!ok) return;
    const res = await sendJson(`/api/reviews/review-requests/${f.dataset.id}/answer`, { answer, reopen });
    if (res.ok) location.reload(); else show(box, 'danger', problemText(res.json));
}));

const filing = document.getElementById('review-request');
if (filing) filing.addEventListener('submit', async e => {
    e.preventDefault();
    const box = document.getElementById('review-message');
    const grounds = filing.grounds.value.trim();
    if (!grounds) { show(box, 'danger', '请写明申请复核的事项和理由'); filing.grounds.focus(); return; }
    if (!await confirmAction({ title: '申请复核', lines: ['将向考核工作人员提交复核申请。', `截止日期：${filing.dataset.deadline}。`], locks: '申请内容（提交后不能修改，答复前不能重复申请）。', ok: '确定提交' })) return;
    const res = await sendJson(`/api/reviews/assessments/${filing.dataset.assessment}/review-requests`, { grounds });
    if (res.ok) location.reload(); else show(box, 'danger', problemText(res.json));
});
