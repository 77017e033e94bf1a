// Confirmation before anything irreversible: a styled dialog (Bootstrap modal built here, no inline script).
// Use confirmAction({ title, lines, locks, ok }) from a page module, or mark a button or form with
//   data-confirm="what will happen" data-confirm-title="…" data-confirm-lock="what will be locked" data-confirm-ok="…"
// and the click (or submit) goes ahead only after 确定.

let dialog;

function build() {
    const root = document.createElement('div');
    root.className = 'modal fade';
    root.id = 'confirm-dialog';
    root.tabIndex = -1;
    root.setAttribute('aria-hidden', 'true');
    root.setAttribute('aria-labelledby', 'confirm-title');
    root.innerHTML = `<div class="modal-dialog modal-dialog-centered"><div class="modal-content">
        <div class="modal-header"><h2 class="modal-title h5" id="confirm-title"></h2>
            <button type="button" class="btn-close" data-bs-dismiss="modal" aria-label="关闭"></button></div>
        <div class="modal-body"><div id="confirm-lines"></div>
            <div class="alert alert-warning small mb-0 mt-2 d-none" id="confirm-lock"></div></div>
        <div class="modal-footer"><button type="button" class="btn btn-outline-secondary" data-bs-dismiss="modal" id="confirm-cancel">取消</button>
            <button type="button" class="btn btn-danger" id="confirm-ok">确定</button></div>
    </div></div>`;
    document.body.appendChild(root);
    return root;
}

/** Shows the dialog; resolves true on 确定, false on 取消 / close. Texts are set as text, never as HTML. */
export function confirmAction({ title = '请确认', lines = [], locks = '', ok = '确定' } = {}) {
    dialog ??= build();
    dialog.querySelector('#confirm-title').textContent = title;
    const box = dialog.querySelector('#confirm-lines');
    box.replaceChildren(...[].concat(lines).filter(Boolean).map(t => { const p = document.createElement('p'); p.className = 'mb-1'; p.textContent = t; return p; }));
    const lock = dialog.querySelector('#confirm-lock');
    lock.textContent = locks ? '将锁定：' + locks : '';
    lock.classList.toggle('d-none', !locks);
    const okButton = dialog.querySelector('#confirm-ok');
    okButton.textContent = ok;
    const modal = bootstrap.Modal.getOrCreateInstance(dialog);
    return new Promise(resolve => {
        let answer = false;
        let shown = false;
        // Bootstrap ignores hide() while the dialog is still fading in: a 确定 clicked in that moment is remembered and
        // the dialog closes (with that answer) as soon as it is fully shown, instead of the click being lost.
        const onShown = () => { shown = true; if (answer) modal.hide(); };
        const onOk = () => { answer = true; if (shown) modal.hide(); };
        dialog.addEventListener('shown.bs.modal', onShown, { once: true });
        okButton.addEventListener('click', onOk);
        dialog.addEventListener('hidden.bs.modal', () => {
            okButton.removeEventListener('click', onOk);
            dialog.removeEventListener('shown.bs.modal', onShown);
            resolve(answer);
        }, { once: true });
        modal.show();
    });
}

function optionsOf(el) {
    return { title: el.dataset.confirmTitle || '请确认', lines: el.dataset.confirm.split('\n'), locks: el.dataset.confirmLock || '', ok: el.dataset.confirmOk || '确定' };
}

// Clicks on [data-confirm] buttons and submits of form[data-confirm]: held in the capture phase until confirmed.
document.addEventListener('click', async e => {
    const el = e.target.closest('button[data-confirm], a[data-confirm], input[type=submit][data-confirm]');
    if (!el || el.closest('form[data-confirm]')) return;
    if (el.dataset.confirmed === 'yes') { delete el.dataset.confirmed; return; }
    e.preventDefault();
    e.stopImmediatePropagation();
    if (await confirmAction(optionsOf(el))) { el.dataset.confirmed = 'yes'; el.click(); }
}, true);
document.addEventListener('submit', async e => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
    if (form.dataset.confirmed === 'yes') { delete form.dataset.confirmed; return; }
    e.preventDefault();
    e.stopImmediatePropagation();
    if (await confirmAction(optionsOf(form))) { form.dataset.confirmed = 'yes'; form.requestSubmit(e.submitter ?? undefined); }
}, true);
