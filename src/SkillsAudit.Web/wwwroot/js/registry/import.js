// Filing import: while a file uploads and is checked or imported (a large file takes a while), the buttons are disabled
// and a notice says so, so that it is not sent twice. The confirmation before 导入 (confirm.js, on #confirm-form) comes first.
for (const form of [document.getElementById('import-form'), document.getElementById('confirm-form')]) {
    form?.addEventListener('submit', e => {
        if (e.defaultPrevented) return;
        const busy = document.getElementById('import-busy');
        busy.classList.remove('d-none');
        // disabled after the submit has taken the pressed button's handler into the form data
        setTimeout(() => document.querySelectorAll('#import-form button[type=submit], #confirm-form button[type=submit]').forEach(b => { b.disabled = true; }), 0);
    });
}
