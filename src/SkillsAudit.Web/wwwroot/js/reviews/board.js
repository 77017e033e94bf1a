// 考核看板: pick targets, run one bulk action on them with one reason; the server works through it in steps and the
// progress bar follows each step. The server refuses a second bulk action of the same campaign while one runs (409).
// 确认结果 in bulk: each body through the single page's rule, one at a time; those it refuses are skipped with the reason.
import { problemText, readJson, sendJson } from '../api.js';
import { confirmAction } from '../confirm.js';

const bulk = document.getElementById('bulk');
const campaign = bulk.dataset.campaign;
const rows = [...document.querySelectorAll('#board tr[data-filing]')];
const picked = () => rows.filter(tr => tr.querySelector('.pick').checked);
const action = document.getElementById('bulk-action'), kind = document.getElementById('bulk-kind'), reason = document.getElementById('bulk-reason');
const run = document.getElementById('bulk-run'), count = document.getElementById('picked');
const progress = document.getElementById('bulk-progress'), bar = document.getElementById('bulk-bar'), text = document.getElementById('bulk-text');
const outcome = document.getElementById('bulk-outcome');
let busy = false;

function refresh() {
    const n = picked().length;
    count.textContent = n;
    run.disabled = busy || n === 0;
    const deciding = action.value === 'decide';
    document.getElementById('kind-box').hidden = !deciding;
    document.getElementById('date-box').hidden = !deciding;
    document.getElementById('reason-box').hidden = action.value === 'finalise';
}
document.getElementById('board').addEventListener('change', refresh);
document.getElementById('pick-all').addEventListener('change', e => { rows.forEach(tr => { tr.querySelector('.pick').checked = e.target.checked; }); refresh(); });
action.addEventListener('change', refresh);
// Every shown body whose experts have all submitted and whose result is not yet confirmed; the action switches to 确认结果.
const pickFinalisable = document.getElementById('pick-finalisable');
pickFinalisable.addEventListener('click', () => {
    rows.forEach(tr => { tr.querySelector('.pick').checked = tr.dataset.finalisable === 'true'; });
    document.getElementById('pick-all').checked = false;
    action.value = 'finalise';
    refresh();
});

function show(kindOf, lines) {
    outcome.className = 'alert alert-' + kindOf;
    outcome.replaceChildren(...lines.map((t, i) => {
        if (Array.isArray(t)) {
            // A long list (skipped bodies, errors) collapses: a summary line and the list behind <details>.
            const d = document.createElement('details'); const s = document.createElement('summary'); s.textContent = t[0];
            const ul = document.createElement('ul'); ul.className = 'small mb-0';
            t[1].forEach(x => { const li = document.createElement('li'); li.textContent = x; ul.appendChild(li); });
            d.append(s, ul); return d;
        }
        const p = document.createElement('div'); if (i === 0) p.className = 'fw-bold'; p.textContent = t; return p;
    }));
}

function paint(op) {
    const pct = op.total ? Math.round(100 * op.done / op.total) : 100;
    bar.style.width = pct + '%';
    bar.textContent = pct + '%';
    progress.querySelector('.progress').setAttribute('aria-valuenow', String(pct));
    text.textContent = `${op.actionName}：已处理 ${op.done} / ${op.total}`;
}

async function drive(op) {
    busy = true; refresh();
    progress.classList.remove('d-none');
    paint(op);
    while (!op.finished) {
        const res = await fetch(`/api/reviews/bulk/${op.id}/step`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
        const json = await readJson(res);
        if (!res.ok) { busy = false; refresh(); show('danger', [problemText(json)]); return; }
        op = json;
        paint(op);
    }
    const lines = [op.error ? `${op.actionName}未全部完成：已处理 ${op.done} / ${op.total}，成功 ${op.succeeded} 个。` : `${op.actionName}完成：成功 ${op.succeeded} 个。`];
    if (op.error) lines.push('原因：' + op.error);
    if (op.skipped.length) lines.push([`跳过 ${op.skipped.length} 个机构（点开查看）`, op.skipped]);
    show(op.error ? 'danger' : 'success', lines);
    const again = document.createElement('a'); again.href = location.pathname + location.search; again.textContent = '刷新看板'; again.className = 'btn btn-sm btn-outline-primary mt-2'; again.id = 'reload';
    outcome.appendChild(again);
    busy = false;
}

run.addEventListener('click', async () => {
    if (busy) return;
    const trs = picked();
    const names = trs.map(tr => tr.dataset.name);
    const a = action.value, label = action.selectedOptions[0].text;
    const why = reason.value.trim();
    if ((a === 'add' || a === 'remove' || a === 'remind' || (a === 'decide' && kind.value)) && !why) { show('danger', ['请填写理由']); reason.focus(); return; }
    const lines = [`将对 ${trs.length} 个机构${label}：${names.slice(0, 5).join('、')}${names.length > 5 ? ` 等 ${names.length} 个` : ''}。`];
    let locks = '';
    if (a === 'decide') {
        lines.push(kind.value ? `意见一律改为“${kind.selectedOptions[0].text.replace('改为：', '')}”，理由：${why}` : '按系统建议作出评估意见；尚未确认结果的机构将跳过并列出。');
        lines.push(`决定日期 ${document.getElementById('bulk-date').value}。`);
        locks = '作出的评估意见不能撤销；终止备案、暂停评价活动的备案状态随之变更，需整改的下达两个月整改期限。';
    } else if (a === 'finalise') {
        const ready = trs.filter(tr => tr.dataset.finalisable === 'true').length;
        lines.push('按评估表规则汇总各专家评分、确定等级（存在否决情形的取消评价资格），并由您签名；每个机构单独确认，一个机构不能确认不影响其他机构。');
        lines.push(ready === trs.length ? `所选机构的专家均已提交评分。` : `其中 ${ready} 个专家已全部提交评分；其余 ${trs.length - ready} 个（尚无专家提交评分、仍有评分未提交或已确认等）将跳过并列出原因。`);
        lines.push('确认后机构可以看到考核小组得分与扣分原因。');
        locks = '所选机构的专家评分表、考核小组得分与等级；如需修改须逐个重新开放并说明理由。';
    } else if (a === 'remind') {
        lines.push('提醒内容：' + why);
        lines.push('机构用户将收到站内通知（已配置邮件的同时发送邮件）；没有用户账号的机构将列出。');
    } else if (a === 'remove') {
        lines.push('移出的机构不再参加本次考核，其自评和评分保留，可再列入。');
    }
    if (!await confirmAction({ title: `批量${label}`, lines, locks, ok: `确定${label}` })) return;
    busy = true; refresh();
    const body = { action: a, filingIds: trs.map(tr => Number(tr.dataset.filing)), reason: why };
    if (a === 'decide') { body.kind = kind.value || null; body.decidedOn = document.getElementById('bulk-date').value || null; }
    const { ok, json } = await sendJson(`/api/reviews/campaigns/${campaign}/board/bulk`, body);
    if (!ok) { busy = false; refresh(); show('danger', [problemText(json)]); return; }
    await drive(json);
});

const resume = document.getElementById('resume');
if (resume) resume.addEventListener('click', async () => {
    const res = await fetch(`/api/reviews/bulk/${document.getElementById('bulk-running').dataset.op}`);
    const json = await readJson(res);
    if (!res.ok) { show('danger', [problemText(json)]); return; }
    document.getElementById('bulk-running').classList.add('d-none');
    await drive(json);
});
refresh();
