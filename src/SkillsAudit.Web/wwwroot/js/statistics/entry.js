// 统计填报: "add a line" copies the last row, renumbering its fields and labels.
document.getElementById('add-line').addEventListener('click', () => {
    const body = document.querySelector('#entry tbody');
    const last = body.rows[body.rows.length - 1];
    const index = body.rows.length;
    const row = last.cloneNode(true);
    row.className = '';
    row.cells[0].textContent = index + 1;
    row.querySelectorAll('input').forEach(input => {
        input.name = input.name.replace(/Lines\[\d+\]/, `Lines[${index}]`);
        if (input.id) input.id = input.id.replace(/\d+$/, String(index));
        if (input.getAttribute('aria-label')) input.setAttribute('aria-label', input.getAttribute('aria-label').replace(/^第\d+行/, `第${index + 1}行`));
        input.value = '';
        input.classList.remove('is-invalid');
    });
    body.appendChild(row);
});
