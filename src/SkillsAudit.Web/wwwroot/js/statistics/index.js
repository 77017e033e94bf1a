// Charts and the sortable, filterable table of the statistics page; chart data comes HTML-encoded in data-chart of #charts.
// The charts are redrawn to their boxes' new width when the window is resized (a phone turned, a window narrowed).
import { redrawOnResize } from '../charts.js';

const holder = document.getElementById('charts');
const data = holder ? JSON.parse(holder.dataset.chart) : null;
if (data) {
    const bodiesBox = document.getElementById('chart-bodies');
    bodiesBox.style.height = Math.max(420, 60 + 20 * data.bodies.length) + 'px'; // one readable row per body
    const bodies = echarts.init(bodiesBox);
    bodies.setOption({
        title: { text: '各机构合格率（%）', textStyle: { fontSize: 14 } }, tooltip: {}, grid: { left: 220 },
        xAxis: { type: 'value', max: 100 }, yAxis: { type: 'category', inverse: true, axisLabel: { interval: 0 }, data: data.bodies.map(b => b.name) },
        series: [{ type: 'bar', data: data.bodies.map(b => b.rate) }]
    });
    // No level stated (or every level 0): said in words, not drawn as an empty grey disc.
    const levelsEmpty = data.levels.data.length === 0 || data.levels.data.every(l => !l.value);
    const levelsBox = document.getElementById('chart-levels');
    levelsBox.dataset.empty = levelsEmpty ? (data.levels.data.length === 0 ? 'none' : 'zero') : '';
    const levels = echarts.init(levelsBox);
    levels.setOption({
        title: { text: data.levels.title, textStyle: { fontSize: 14 } }, tooltip: {},
        graphic: levelsEmpty ? [{ type: 'text', left: 'center', top: 'middle',
            style: { text: data.levels.data.length === 0 ? '暂无数据' : '各等级均为 0 人', fill: '#6c757d', fontSize: 14 } }] : [],
        series: levelsEmpty ? [] : [{ type: 'pie', radius: '60%', data: data.levels.data }]
    });
    const supervision = echarts.init(document.getElementById('chart-supervision'));
    supervision.setOption({
        title: { text: '省属与市属', textStyle: { fontSize: 14 } }, tooltip: {}, legend: { bottom: 0 }, grid: { left: 60 },
        xAxis: { type: 'category', data: data.supervision.map(s => s.name) }, yAxis: { type: 'value' },
        series: [{ name: '组织评价', type: 'bar', data: data.supervision.map(s => s.assessed) }, { name: '评价合格', type: 'bar', data: data.supervision.map(s => s.passed) }]
    });
    const years = echarts.init(document.getElementById('chart-years'));
    years.setOption({
        title: { text: '历年变化', textStyle: { fontSize: 14 } }, tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 70 },
        xAxis: { type: 'category', data: data.years.map(y => y.year) }, yAxis: [{ type: 'value' }, { type: 'value', max: 100 }],
        series: [{ name: '组织评价', type: 'bar', data: data.years.map(y => y.assessed) }, { name: '评价合格', type: 'bar', data: data.years.map(y => y.passed) },
                 { name: '合格率（%）', type: 'line', yAxisIndex: 1, data: data.years.map(y => y.rate) }]
    });
    redrawOnResize([bodies, levels, supervision, years]);
}
// Sortable, filterable table.
const table = document.getElementById('bodies');
if (table) {
    table.querySelectorAll('th').forEach((th, col) => th.addEventListener('click', () => {
        const rows = [...table.tBodies[0].rows];
        const numeric = th.dataset.sort === 'num';
        const dir = th.dataset.dir === 'asc' ? -1 : 1;
        th.dataset.dir = dir === 1 ? 'asc' : 'desc';
        rows.sort((a, b) => {
            const x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
            return dir * (numeric ? (parseFloat(x) || -1) - (parseFloat(y) || -1) : x.localeCompare(y, 'zh'));
        });
        rows.forEach(r => table.tBodies[0].appendChild(r));
    }));
    document.getElementById('table-filter').addEventListener('input', e => {
        [...table.tBodies[0].rows].forEach(r => r.hidden = !r.cells[0].textContent.includes(e.target.value));
    });
}
