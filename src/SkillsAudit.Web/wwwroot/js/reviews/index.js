import { problemText, sendJson } from '../api.js';

// 新建考核: the form posts its fields as JSON to the API, then opens the new campaign.
const form = document.getElementById('create');
if (form) form.addEventListener('submit', async e => {
    e.preventDefault();
    const f = Object.fromEntries(new FormData(form));
    const body = { title: f.title, documentNumber: f.documentNumber, authority: f.authority, year: parseInt(f.year) || null, region: f.region, rubric: f.rubric,
        consolidation: f.consolidation, stages: [{ stage: 'SelfAssessment', from: f.selfFrom, to: f.selfTo }, { stage: 'PanelReview', from: f.panelFrom, to: f.panelTo }] };
    // 结果汇总 and 结果公布 are optional: sent when either of their dates is filled in (a half-filled pair is refused, named).
    for (const [stage, from, to] of [['Summary', f.summaryFrom, f.summaryTo], ['Publication', f.publicationFrom, f.publicationTo]])
        if (from || to) body.stages.push({ stage, from, to });
    const { ok, json } = await sendJson('/api/reviews/campaigns', body);
    if (ok) location.href = form.dataset.campaignUrl + '/' + json.id;
    else {
        // one line per problem, in the form's order (the API keys them by field)
        const items = json && json.errors ? Object.values(json.errors).flat() : [problemText(json)];
        document.getElementById('create-errors').replaceChildren(...items.map(t => { const d = document.createElement('div'); d.textContent = t; return d; }));
    }
});
