// 新增职业申请: beside the occupation code, the catalogue's name and the levels it is assessed at, as the code is typed
// or chosen from the list. The server says the same after a refused submission (the page works without this script).
const input = document.getElementById('f-Occupation');
const hint = document.getElementById('occupation-name');
const list = document.getElementById('catalogue');
if (input && hint && list) {
    const show = () => {
        const code = input.value.trim();
        const option = [...list.options].find(o => o.value === code);
        if (!code) { hint.textContent = ''; return; }
        if (!option) { hint.textContent = '职业目录中没有这个代码，请从列表中选择'; return; }
        const levels = option.dataset.levels;
        hint.textContent = `职业名称：${option.dataset.name}；${levels ? '可申请等级：' + levels : '专项职业能力，不设等级'}`;
    };
    input.addEventListener('input', show);
    input.addEventListener('change', show);
}
