// Shared by the page scripts: JSON requests to the API and the Chinese text of a refusal (RFC 7807 problem details).

/** The messages of a problem-details answer, joined: field errors first, else the detail, else the title. */
export function problemText(json) {
    if (!json) return '出错了，请稍后重试';
    return Object.values(json.errors || {}).flat().join('；') || json.detail || json.title || '出错了，请稍后重试';
}

/** Sends a JSON body and returns { ok, status, json } (json is null when the answer has no body). */
export async function sendJson(url, body, method = 'POST') {
    const res = await fetch(url, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    return { ok: res.ok, status: res.status, json: await readJson(res) };
}

/** The JSON of an answer, or null when it has none (204, or a page instead of JSON). */
export async function readJson(res) {
    const type = res.headers.get('Content-Type') || '';
    if (res.status === 204 || !type.includes('json')) return null;
    return res.json();
}
