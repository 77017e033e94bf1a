// Statistics import: while the file uploads and is checked (a large file takes a while), both buttons are disabled and
// a notice says so, so that it is not sent twice. The confirmation before 导入 (confirm.js) comes first.
const form = document.getElementById('import-form');
form?.addEventListener('submit', e => {
    if (e.defaultPrevented) return;
    const busy = document.getElementById('import-busy');
    busy.classList.remove('d-none');
    // disabled after the submit has taken the pressed button's handler into the form data
    setTimeout(() => form.querySelectorAll('button[type=submit]').forEach(b => { b.disabled = true; }), 0);
});
