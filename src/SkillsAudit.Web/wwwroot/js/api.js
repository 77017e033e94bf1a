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

/**
 * Shows a refusal's field errors at the form's own fields (a field named by the problem's errors key, in any case): the
 * field marked invalid and the message under it. Returns the messages no field of the form could take (to be shown
 * elsewhere). Marks left by an earlier refusal are cleared first.
 */
export function showFieldErrors(form, json) {
    form.querySelectorAll('.is-invalid').forEach(x => { x.classList.remove('is-invalid'); x.removeAttribute('aria-invalid'); });
    form.querySelectorAll('.field-error').forEach(x => x.remove());
    const rest = [];
    for (const [key, messages] of Object.entries(json?.errors || {})) {
        const field = [...form.elements].find(x => x.name && x.name.toLowerCase() === key.toLowerCase());
        if (!field) { rest.push(...messages); continue; }
        field.classList.add('is-invalid');
        field.setAttribute('aria-invalid', 'true');
        const note = document.createElement('div');
        note.className = 'invalid-feedback field-error';
        note.textContent = messages.join('；');
        field.insertAdjacentElement('afterend', note);
    }
    if (!json?.errors || Object.keys(json.errors).length === 0) rest.push(problemText(json));
    return rest;
}
