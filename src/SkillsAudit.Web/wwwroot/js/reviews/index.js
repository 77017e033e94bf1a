import { problemText, sendJson } from '../api.js';

// 新建考核: the form posts its fields as JSON to the API, then opens the new campaign.
const form = document.getElementById('create');
if (form) form.addEventListener('submit', async e => {
    e.preventDefault();
    const f = Object.fromEntries(new FormData(form));
    const shown = document.getElementById('create-errors');
    form.querySelectorAll('.is-invalid').forEach(x => { x.classList.remove('is-invalid'); x.removeAttribute('aria-invalid'); });
    const mark = names => names.forEach(n => { const x = form.elements.namedItem(n); if (x) { x.classList.add('is-invalid'); x.setAttribute('aria-invalid', 'true'); } });
    const show = items => shown.replaceChildren(...items.map(t => { const d = document.createElement('div'); d.textContent = t; return d; }));
    // 年度 is four digits: "2026年" or "abc" is refused here, never read as 2026 or as empty; the rest of the form is still
    // checked by the server, so every problem shows at once (the server's own word on the year is replaced by this one).
    const yearText = (f.year || '').trim();
    const yearProblem = yearText && !/^\d{4}$/.test(yearText) ? `年度“${yearText}”应为四位数字，如 2026` : null;
    const body = { title: f.title, documentNumber: f.documentNumber, authority: f.authority, year: yearText && !yearProblem ? Number(yearText) : null, region: f.region, rubric: f.rubric,
        consolidation: f.consolidation, stages: [{ stage: 'SelfAssessment', from: f.selfFrom, to: f.selfTo }, { stage: 'PanelReview', from: f.panelFrom, to: f.panelTo }] };
    // 结果汇总 and 结果公布 are optional: sent when either of their dates is filled in (a half-filled pair is refused, named).
    for (const [stage, from, to] of [['Summary', f.summaryFrom, f.summaryTo], ['Publication', f.publicationFrom, f.publicationTo]])
        if (from || to) body.stages.push({ stage, from, to });
    const { ok, json } = await sendJson('/api/reviews/campaigns', body);
    if (ok) location.href = form.dataset.campaignUrl + '/' + json.id;
    else {
        // one line per problem, in the form's order (the API keys them by field), and each field concerned outlined
        let errors = json && json.errors ? json.errors : null;
        if (yearProblem) errors = { year: [yearProblem], ...Object.fromEntries(Object.entries(errors || {}).filter(([k]) => k.toLowerCase() !== 'year')) };
        show(errors ? Object.values(errors).flat() : [problemText(json)]);
        if (errors) mark(Object.entries(errors).flatMap(([key, messages]) => fieldsOf(key, [messages].flat(), body.stages)));
    }
});

// The form's inputs that an API error key names: "year" → year; "stages[1].to" → the 2nd stage's end date
// (panelTo); "stages" (a stage missing) → both dates of the stages that must be planned; "schedule" (an end before
// its start, overlapping stages) → the dates of each stage the message names.
const stageInputs = { SelfAssessment: 'self', PanelReview: 'panel', Summary: 'summary', Publication: 'publication' };
const stageNames = { 机构自评: 'self', 考核小组评审: 'panel', 结果汇总: 'summary', 结果公布: 'publication' };
function fieldsOf(key, messages, stages) {
    const k = key.charAt(0).toLowerCase() + key.slice(1);
    const m = /^stages\[(\d+)\]\.(from|to)$/i.exec(k);
    if (m) {
        const prefix = stageInputs[stages[Number(m[1])]?.stage];
        return prefix ? [prefix + (m[2].toLowerCase() === 'from' ? 'From' : 'To')] : [];
    }
    if (k === 'schedule')
        return Object.entries(stageNames).filter(([name]) => messages.some(t => t.includes(name))).flatMap(([, p]) => [p + 'From', p + 'To']);
    if (k === 'stages') return ['selfFrom', 'selfTo', 'panelFrom', 'panelTo'].filter(n => !form.elements.namedItem(n)?.value);
    return [k];
}
